package com.workestra.email.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import com.workestra.email.connector.gmail.internal.GmailConnector;
import com.workestra.email.sandbox.SandboxServer;
import com.workestra.email.spi.OAuthClientSettings;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The provider sandbox with the real Gmail connector pointed at it, and real tokens through its OAuth flow. */
public final class GmailSandbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI REDIRECT = URI.create("http://127.0.0.1:8181/email/v1/oauth/gmail/callback");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final SandboxServer sandbox;
    private final GmailConnector gmail;

    private GmailSandbox(SandboxServer sandbox, GmailConnector gmail) {
        this.sandbox = sandbox;
        this.gmail = gmail;
    }

    /** Starts a sandbox on a free port and the connector against it. */
    public static GmailSandbox start() throws java.io.IOException {
        SandboxServer sandbox = SandboxServer.start(0);
        String base = sandbox.baseUrl();
        Map<String, Object> config = Map.of("clientId", "workestra-gmail-test.apps.example",
                ".clientSecret", "sandbox-client-secret",
                "authorizationEndpoint", base + "/google/o/oauth2/v2/auth",
                "tokenEndpoint", base + "/google/token",
                "revocationEndpoint", base + "/google/revoke",
                "apiRootUrl", base + "/google/");
        GmailConnector gmail = new GmailConnector((GmailConnector.Config) Proxy.newProxyInstance(
                GmailConnector.Config.class.getClassLoader(), new Class<?>[] {GmailConnector.Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> GmailConnector.Config.class;
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Config";
                    default -> {
                        String key = method.getName().replace("__", "\u0000").replace('_', '.')
                                .replace('\u0000', '_');
                        yield config.containsKey(key) ? config.get(key) : method.getDefaultValue();
                    }
                }));
        return new GmailSandbox(sandbox, gmail);
    }

    /** The connector. */
    public GmailConnector gmail() {
        return gmail;
    }

    /** Calls the sandbox's control API; fails on an answer other than 2xx. */
    public JsonNode control(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path));
        b.header("Content-Type", "application/json").method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    /** A real access token of the account through the authorization-code + PKCE grant of the sandbox. */
    public String accessToken(String address) throws Exception {
        OAuthClientSettings oauth = gmail.oauth();
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest.Builder authorize = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(oauth.clientId())).endpointURI(oauth.authorizationEndpoint()).redirectionURI(REDIRECT)
                .scope(new Scope(oauth.scopes().toArray(String[]::new))).state(new State())
                .codeChallenge(verifier, CodeChallengeMethod.S256).customParameter("login_hint", address);
        oauth.extraAuthorizationParameters().forEach(authorize::customParameter);
        HttpResponse<String> redirect = HTTP.send(HttpRequest.newBuilder(authorize.build().toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        AuthorizationResponse response = AuthorizationResponse.parse(URI.create(
                redirect.headers().firstValue("Location").orElseThrow()));
        TokenResponse tokens = TokenResponse.parse(new TokenRequest.Builder(oauth.tokenEndpoint(),
                new ClientSecretPost(new ClientID(oauth.clientId()), new Secret(oauth.clientSecret())),
                new AuthorizationCodeGrant(response.toSuccessResponse().getAuthorizationCode(), REDIRECT, verifier))
                .build().toHTTPRequest().send());
        return tokens.toSuccessResponse().getTokens().getAccessToken().getValue();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
