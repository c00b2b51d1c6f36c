package com.workestra.email.connector.outlook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseMode;
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
import java.util.UUID;

/** Drives a provider sandbox started in the test JVM: control API calls and a real code + PKCE grant. */
final class SandboxControl implements AutoCloseable {

    private static final URI REDIRECT = URI.create("http://127.0.0.1:9/oauth/callback");

    private final SandboxServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    SandboxControl() throws Exception {
        server = SandboxServer.start(0);
    }

    String base() {
        return server.baseUrl();
    }

    /** A fresh address, so tests own their accounts. */
    static String uniqueAddress(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@contoso.example";
    }

    /** {@code POST /_sandbox/accounts} for an outlook account. */
    void createOutlookAccount(String address, String displayName) throws Exception {
        post("/_sandbox/accounts", "{\"provider\":\"outlook\",\"address\":\"" + address + "\",\"displayName\":\""
                + displayName + "\",\"messages\":0}");
    }

    /** {@code POST /_sandbox/faults}; {@code bodyJson} may be null. */
    void fault(String pathPattern, int status, int times, Integer retryAfter, String bodyJson) throws Exception {
        post("/_sandbox/faults", "{\"provider\":\"outlook\",\"pathPattern\":\"" + pathPattern + "\",\"status\":"
                + status + ",\"times\":" + times + (retryAfter == null ? "" : ",\"retryAfter\":" + retryAfter)
                + (bodyJson == null ? "" : ",\"body\":" + bodyJson) + "}");
    }

    void clearFaults() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/_sandbox/faults")).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, r::body);
    }

    /**
     * Runs the authorization-code grant with PKCE against the sandbox's Microsoft identity endpoints, using the
     * connector's own OAuth settings, and returns the access token.
     */
    String accessToken(OAuthClientSettings oauth, String address) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthorizationRequest.Builder authz = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(oauth.clientId()))
                .endpointURI(oauth.authorizationEndpoint())
                .redirectionURI(REDIRECT)
                .scope(new Scope(oauth.scopes().toArray(String[]::new)))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .customParameter("login_hint", address);
        oauth.extraAuthorizationParameters().forEach((k, v) -> {
            if (k.equals("response_mode")) {
                authz.responseMode(new ResponseMode(v));
            } else {
                authz.customParameter(k, v);
            }
        });
        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(authz.build().toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, redirect.statusCode(), redirect::body);
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        AuthorizationResponse response = AuthorizationResponse.parse(location);
        assertTrue(response.indicatesSuccess(), location::toString);
        assertEquals(state, response.getState());
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();

        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, REDIRECT, verifier);
        TokenRequest tokenRequest = oauth.clientSecret() == null
                ? new TokenRequest.Builder(oauth.tokenEndpoint(), new ClientID(oauth.clientId()), grant).build()
                : new TokenRequest.Builder(oauth.tokenEndpoint(), new ClientSecretPost(new ClientID(oauth.clientId()),
                        new Secret(oauth.clientSecret())), grant).build();
        TokenResponse tokens = TokenResponse.parse(tokenRequest.toHTTPRequest().send());
        assertTrue(tokens.indicatesSuccess(), () -> tokens.toErrorResponse().getErrorObject().toString());
        return tokens.toSuccessResponse().getTokens().getAccessToken().getValue();
    }

    /**
     * {@code POST /_sandbox/accounts} for an outlook account with {@code messages} generated messages over
     * {@code spanDays}, shared with {@code sharedWith} (none when empty).
     */
    JsonObject createOutlookAccount(String address, int messages, int spanDays, String... sharedWith)
            throws Exception {
        JsonObject spec = new JsonObject();
        spec.addProperty("provider", "outlook");
        spec.addProperty("address", address);
        spec.addProperty("messages", messages);
        spec.addProperty("spanDays", spanDays);
        spec.addProperty("seed", 42L);
        JsonArray shared = new JsonArray();
        for (String d : sharedWith) {
            shared.add(d);
        }
        spec.add("sharedWith", shared);
        return post("/_sandbox/accounts", spec.toString()).getAsJsonObject();
    }

    /** {@code GET /_sandbox/accounts/{a}}: messageCount, inboxCount, sentCount, unreadCount... */
    JsonObject account(String address) throws Exception {
        return get("/_sandbox/accounts/" + address).getAsJsonObject();
    }

    /** {@code GET /_sandbox/accounts/{a}/messages/{id}}: id, read, folder, internetMessageId, received... */
    JsonObject message(String address, String id) throws Exception {
        return get("/_sandbox/accounts/" + address + "/messages/" + id).getAsJsonObject();
    }

    /** Delivers a new message now; returns {id, internetMessageId}. */
    JsonObject deliver(String address, String subject) throws Exception {
        JsonObject m = new JsonObject();
        m.addProperty("from", "Megan Bowen <megan@fabrikam.example>");
        JsonArray to = new JsonArray();
        to.add(address);
        m.add("to", to);
        m.addProperty("subject", subject);
        m.addProperty("text", "Hello from the test.");
        return post("/_sandbox/accounts/" + address + "/messages", m.toString()).getAsJsonObject();
    }

    /** Changes the read state at the provider side. */
    void markRead(String address, String id, boolean read) throws Exception {
        post("/_sandbox/accounts/" + address + "/messages/" + id + "/read", "{\"read\":" + read + "}");
    }

    /** Deletes a message at the provider side. */
    void deleteMessage(String address, String id) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base() + "/_sandbox/accounts/" + address + "/messages/" + id))
                .DELETE().build());
    }

    /** Expires the account's change history, so older delta links are gone. */
    void expireHistory(String address) throws Exception {
        post("/_sandbox/accounts/" + address + "/history/expire", "{}");
    }

    /** {@code GET /_sandbox/accounts/{a}/sent}, oldest first. */
    JsonArray sent(String address) throws Exception {
        return get("/_sandbox/accounts/" + address + "/sent").getAsJsonArray();
    }

    /** {@code GET /_sandbox/subscriptions}: the active Graph subscriptions. */
    JsonArray subscriptions() throws Exception {
        return get("/_sandbox/subscriptions").getAsJsonArray();
    }

    /** How often the Graph emulator served {@code operation} so far ({@code GET /_sandbox/stats}). */
    long calls(String operation) throws Exception {
        JsonElement n = get("/_sandbox/stats").getAsJsonObject().getAsJsonObject("methods")
                .getAsJsonObject("outlook").get(operation);
        return n == null ? 0 : n.getAsLong();
    }

    JsonElement get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build());
    }

    private JsonElement post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private JsonElement send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, () -> request.uri().getPath() + " answered " + r.statusCode() + ": "
                + r.body());
        return r.body().isBlank() ? JsonNull.INSTANCE : JsonParser.parseString(r.body());
    }

    @Override
    public void close() {
        server.close();
    }
}
