package com.workestra.email.connector.outlook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.spi.ProviderException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector against the provider sandbox: real grant, real Graph SDK, only the base URLs redirected. */
class OutlookConnectorSandboxTest {

    private static SandboxControl sandbox;

    private OutlookConnector connector;
    private String address;
    private String token;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = new SandboxControl();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void connect() throws Exception {
        connector = new OutlookConnector(TestConfig.sandbox(sandbox.base()));
        address = SandboxControl.uniqueAddress("adele");
        sandbox.createOutlookAccount(address, "Adele Vance");
        token = sandbox.accessToken(connector.oauth(), address);
    }

    @AfterEach
    void close() throws Exception {
        sandbox.clearFaults();
        connector.deactivate();
    }

    @Test
    void identifyReturnsTheAccountOfTheToken() throws Exception {
        ProviderAccount account = connector.identify(token);

        assertEquals(address, account.address());
        assertEquals("Adele Vance", account.displayName());
        assertFalse(account.accountId().isBlank());
        assertFalse(account.accountId().equals(address), "the account id is Graph's immutable user id");
        assertEquals(account, connector.identify(token), "the same token identifies the same account");
    }

    @Test
    void anInvalidTokenMeansTheUserMustReconnect() {
        String bogus = "eyJ0eXAiOiJKV1QifQ.bogus-token-value";

        ProviderException.Authorization e = assertThrows(ProviderException.Authorization.class,
                () -> connector.identify(bogus));

        assertEquals(ProviderException.TOKEN_EXPIRED, e.code());
        assertFalse(e.getMessage().contains(bogus), "messages never contain tokens");
        assertFalse(e.getMessage().contains(token));
    }

    @Test
    void a503WithRetryAfterIsRateLimitedAndTheSdkDoesNotRetryBehindOurBack() throws Exception {
        sandbox.fault("/v1.0/me", 503, 5, 2, null);

        for (int attempt = 1; attempt <= 5; attempt++) {
            ProviderException.RateLimited e = assertThrows(ProviderException.RateLimited.class,
                    () -> connector.identify(token), "attempt " + attempt);
            assertEquals(ProviderException.RATE_LIMITED, e.code());
            assertEquals(Duration.ofSeconds(2), e.retryAfter());
        }
        // exactly five requests consumed the five faults: one HTTP request per call, no hidden SDK retries
        assertEquals(address, connector.identify(token).address());
    }

    @Test
    void a429IsRateLimitedAndA500IsTransient() throws Exception {
        sandbox.fault("/v1.0/me", 429, 1, 7, null);
        ProviderException.RateLimited limited = assertThrows(ProviderException.RateLimited.class,
                () -> connector.identify(token));
        assertEquals(Duration.ofSeconds(7), limited.retryAfter());

        sandbox.fault("/v1.0/me", 500, 1, null, null);
        ProviderException.Transient down = assertThrows(ProviderException.Transient.class,
                () -> connector.identify(token));
        assertEquals(ProviderException.PROVIDER_UNAVAILABLE, down.code());
    }

    @Test
    void accessDeniedIsAPermissionProblemAndOther4xxArePermanent() throws Exception {
        sandbox.fault("/v1.0/me", 403, 1, null,
                "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\"}}");
        ProviderException.Authorization denied = assertThrows(ProviderException.Authorization.class,
                () -> connector.identify(token));
        assertEquals(ProviderException.PERMISSION_DENIED, denied.code());

        sandbox.fault("/v1.0/me", 400, 1, null, null);
        ProviderException.Permanent rejected = assertThrows(ProviderException.Permanent.class,
                () -> connector.identify(token));
        assertEquals(GraphErrors.REQUEST_REJECTED, rejected.code());
    }

    @Test
    void anUnreachableGraphIsAConnectionFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OutlookConnector offline = new OutlookConnector(
                TestConfig.of(sandbox.base() + "/microsoft", "http://127.0.0.1:" + closedPort + "/v1.0"));
        try {
            ProviderException.Transient e = assertThrows(ProviderException.Transient.class,
                    () -> offline.identify(token));
            assertEquals(ProviderException.CONNECTION_FAILED, e.code());
            assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
        } finally {
            offline.deactivate();
        }
    }
}
