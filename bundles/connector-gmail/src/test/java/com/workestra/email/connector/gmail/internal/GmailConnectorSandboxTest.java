package com.workestra.email.connector.gmail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.workestra.email.sandbox.SandboxServer;
import com.workestra.email.spi.OAuthClientSettings;
import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.spi.ProviderException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

    private static final String CLIENT_ID = "workestra-gmail-test.apps.example";
    private static final String CLIENT_SECRET = "sandbox-client-secret";
    private static final URI REDIRECT = URI.create("http://127.0.0.1:8181/email/v1/oauth/gmail/callback");
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    private static SandboxServer sandbox;
    private static HttpClient http;
    private static GmailConnector connector;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxServer.start(0);
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = sandbox.baseUrl();
        connector = new GmailConnector(TestConfigs.gmail(Map.of(
                "clientId", CLIENT_ID,
                ".clientSecret", CLIENT_SECRET,
                "authorizationEndpoint", base + "/google/o/oauth2/v2/auth",
                "tokenEndpoint", base + "/google/token",
                "revocationEndpoint", base + "/google/revoke",
                "apiRootUrl", base + "/google/")));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void clearFaults() throws Exception {
        control("DELETE", "/_sandbox/faults", null);
    }

    private static HttpResponse<String> control(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .timeout(Duration.ofSeconds(10));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, () -> method + " " + path + " answered " + response.statusCode()
                + ": " + abbreviate(response.body()));
        return response;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** A fresh sandbox mailbox of this test. */
    private static String newAccount() throws Exception {
        String address = "gmail-connector-" + ACCOUNTS.incrementAndGet() + "@workestra-demo.test";
        control("POST", "/_sandbox/accounts",
                "{\"provider\":\"gmail\",\"address\":\"" + address + "\",\"messages\":3}");
        return address;
    }

    /**
     * Authorization code + PKCE with the connector's OAuth settings; consent is auto-granted by the sandbox. No
     * {@code prompt}: the account picker ({@link OAuthClientSettings#accountPickerPrompt()}) is for "add another".
     */
    private static String accessTokenOf(String address) throws Exception {
        OAuthClientSettings oauth = connector.oauth();
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthorizationRequest.Builder authorize = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(oauth.clientId()))
                .endpointURI(oauth.authorizationEndpoint())
                .redirectionURI(REDIRECT)
                .scope(new Scope(oauth.scopes().toArray(String[]::new)))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .customParameter("login_hint", address);
        oauth.extraAuthorizationParameters().forEach(authorize::customParameter);

        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(authorize.build().toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, redirect.statusCode(), () -> "authorize: " + abbreviate(redirect.body()));
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        AuthorizationResponse response = AuthorizationResponse.parse(location);
        assertTrue(response.indicatesSuccess(), "authorize refused: " + location);
        assertEquals(state, response.getState());
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();

        TokenRequest exchange = new TokenRequest.Builder(oauth.tokenEndpoint(),
                new ClientSecretPost(new ClientID(oauth.clientId()), new Secret(oauth.clientSecret())),
                new AuthorizationCodeGrant(code, REDIRECT, verifier)).build();
        TokenResponse tokens = TokenResponse.parse(exchange.toHTTPRequest().send());
        assertTrue(tokens.indicatesSuccess(), () -> "token: " + tokens.toErrorResponse().getErrorObject());
        return tokens.toSuccessResponse().getTokens().getAccessToken().getValue();
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
                "apiRootUrl", sandbox.baseUrl() + "/google/", "readTimeoutSeconds", 1)));
        String token = accessTokenOf(newAccount());
        control("POST", "/_sandbox/faults",
                "{\"provider\":\"gmail\",\"pathPattern\":\"/profile\",\"status\":503,\"times\":1,\"delayMs\":2500}");

        ProviderException e = assertThrows(ProviderException.class, () -> impatient.identify(token));
        assertEquals(ProviderException.CONNECTION_FAILED, e.code());
    }
}
