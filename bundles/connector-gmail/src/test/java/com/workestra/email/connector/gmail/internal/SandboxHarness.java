package com.workestra.email.connector.gmail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A provider sandbox on a free loopback port, a connector configured against it, the control API, and real access
 * tokens obtained through the authorization-code + PKCE grant driven by the connector's own {@link OAuthClientSettings}.
 */
final class SandboxHarness implements AutoCloseable {

    static final String CLIENT_ID = "workestra-gmail-test.apps.example";
    static final String CLIENT_SECRET = "sandbox-client-secret";
    static final URI REDIRECT = URI.create("http://127.0.0.1:8181/email/v1/oauth/gmail/callback");

    final SandboxServer sandbox;
    final HttpClient http;
    final GmailConnector connector;

    private SandboxHarness(SandboxServer sandbox) {
        this.sandbox = sandbox;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = sandbox.baseUrl();
        this.connector = new GmailConnector(TestConfigs.gmail(Map.of(
                "clientId", CLIENT_ID,
                ".clientSecret", CLIENT_SECRET,
                "authorizationEndpoint", base + "/google/o/oauth2/v2/auth",
                "tokenEndpoint", base + "/google/token",
                "revocationEndpoint", base + "/google/revoke",
                "apiRootUrl", base + "/google/")));
    }

    static SandboxHarness start() throws Exception {
        return new SandboxHarness(SandboxServer.start(0));
    }

    String baseUrl() {
        return sandbox.baseUrl();
    }

    @Override
    public void close() {
        sandbox.close();
    }

    /** Calls the control API and asserts a 2xx answer. */
    HttpResponse<String> control(String method, String path, String json) throws Exception {
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

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /**
     * Authorization code + PKCE with the connector's OAuth settings; consent is auto-granted by the sandbox. No
     * {@code prompt}: the account picker ({@link OAuthClientSettings#accountPickerPrompt()}) is for "add another".
     */
    String accessTokenOf(String address) throws Exception {
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
}
