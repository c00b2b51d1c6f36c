package com.workestra.email.connector.gmail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.workestra.email.spi.OAuthClientSettings;
import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.spi.ProviderException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector against the provider sandbox: a real authorization-code + PKCE grant (Nimbus, driven by the
 * connector's own {@link OAuthClientSettings}), then users.getProfile through the real Gmail client.
 */
class GmailConnectorSandboxTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    private static SandboxHarness harness;
    private static GmailConnector connector;

    @BeforeAll
    static void start() throws Exception {
        harness = SandboxHarness.start();
        connector = harness.connector;
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @AfterEach
    void clearFaults() throws Exception {
        control("DELETE", "/_sandbox/faults", null);
    }

    private static HttpResponse<String> control(String method, String path, String json) throws Exception {
        return harness.control(method, path, json);
    }

    /** A fresh sandbox mailbox of this test. */
    private static String newAccount() throws Exception {
        String address = "gmail-connector-" + ACCOUNTS.incrementAndGet() + "@workestra-demo.test";
        control("POST", "/_sandbox/accounts",
                "{\"provider\":\"gmail\",\"address\":\"" + address + "\",\"messages\":3}");
        return address;
    }

    private static String accessTokenOf(String address) throws Exception {
        return harness.accessTokenOf(address);
    }

    @Test
    void identifyReturnsTheAccountOfTheToken() throws Exception {
        String address = newAccount();
        String token = accessTokenOf(address);

        assertEquals(new ProviderAccount(address, address, null), connector.identify(token));
    }

    @Test
    void anInvalidTokenMeansReconnect() {
        ProviderException e = assertThrows(ProviderException.class, () -> connector.identify("ya29.not-issued"));
        assertInstanceOf(ProviderException.Authorization.class, e);
        assertEquals(ProviderException.TOKEN_EXPIRED, e.code());
    }

    @Test
    void aRevokedGrantMeansReconnect() throws Exception {
        String address = newAccount();
        String token = accessTokenOf(address);
        control("POST", "/_sandbox/tokens/revoke", "{\"address\":\"" + address + "\"}");

        ProviderException e = assertThrows(ProviderException.class, () -> connector.identify(token));
        assertEquals(ProviderException.TOKEN_EXPIRED, e.code());
    }

    @Test
    void anUnavailableProviderIsTransientAndTheNextCallWorks() throws Exception {
        String address = newAccount();
        String token = accessTokenOf(address);
        control("POST", "/_sandbox/faults",
                "{\"provider\":\"gmail\",\"pathPattern\":\"/profile\",\"status\":503,\"times\":1}");

        ProviderException e = assertThrows(ProviderException.class, () -> connector.identify(token));
        assertInstanceOf(ProviderException.Transient.class, e);
        assertEquals(ProviderException.PROVIDER_UNAVAILABLE, e.code());
        assertEquals(address, connector.identify(token).address(), "the fault was injected once");
    }

    @Test
    void throttlingCarriesTheProvidersRetryAfter() throws Exception {
        String address = newAccount();
        String token = accessTokenOf(address);
        control("POST", "/_sandbox/faults", "{\"provider\":\"gmail\",\"pathPattern\":\"/profile\",\"status\":429,"
                + "\"times\":1,\"retryAfter\":7}");

        ProviderException e = assertThrows(ProviderException.class, () -> connector.identify(token));
        assertEquals(Duration.ofSeconds(7), assertInstanceOf(ProviderException.RateLimited.class, e).retryAfter());
        assertEquals(ProviderException.RATE_LIMITED, e.code());
    }

    @Test
    void aHangingProviderTimesOutAsConnectionFailure() throws Exception {
        GmailConnector impatient = new GmailConnector(TestConfigs.gmail(Map.of(
                "apiRootUrl", harness.baseUrl() + "/google/", "readTimeoutSeconds", 1)));
        String token = accessTokenOf(newAccount());
        control("POST", "/_sandbox/faults",
                "{\"provider\":\"gmail\",\"pathPattern\":\"/profile\",\"status\":503,\"times\":1,\"delayMs\":2500}");

        ProviderException e = assertThrows(ProviderException.class, () -> impatient.identify(token));
        assertEquals(ProviderException.CONNECTION_FAILED, e.code());
    }
}
