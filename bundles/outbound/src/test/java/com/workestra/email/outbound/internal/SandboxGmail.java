package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.workestra.email.connector.gmail.internal.GmailConnector;
import com.workestra.email.connector.outlook.internal.OutlookConnector;
import com.workestra.email.sandbox.SandboxServer;
import com.workestra.email.spi.OAuthClientSettings;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The provider sandbox on a free loopback port with the real Gmail connector (Google API client) and Outlook connector
 * (Microsoft Graph SDK) pointed at it, its control API, and access tokens obtained through the sandbox's
 * authorization code + PKCE grant.
 */
final class SandboxGmail implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "workestra-outbound-test.apps.example";
    private static final String REDIRECT = "http://127.0.0.1:8181/email/v1/oauth/gmail/callback";

    final SandboxServer sandbox;
    final GmailConnector connector;
    final OutlookConnector outlook;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SandboxGmail(SandboxServer sandbox, int readTimeoutSeconds) {
        this.sandbox = sandbox;
        String base = sandbox.baseUrl();
        this.connector = new GmailConnector(config(Map.of("clientId", CLIENT_ID, ".clientSecret", "secret",
                "authorizationEndpoint", base + "/google/o/oauth2/v2/auth", "tokenEndpoint", base + "/google/token",
                "revocationEndpoint", base + "/google/revoke", "apiRootUrl", base + "/google/",
                "readTimeoutSeconds", readTimeoutSeconds)));
        this.outlook = new OutlookConnector(config(OutlookConnector.Config.class, Map.of("clientId",
                "workestra-outbound-test", "authorityBaseUrl", base + "/microsoft", "graphBaseUrl",
                base + "/graph/v1.0")));
    }

    static SandboxGmail start(int readTimeoutSeconds) throws Exception {
        return new SandboxGmail(SandboxServer.start(0), readTimeoutSeconds);
    }

    /** A Gmail account with some generated mail. */
    void account(String address) throws Exception {
        account("gmail", address);
    }

    /** An account of the provider (gmail or outlook) with some generated mail. */
    void account(String provider, String address) throws Exception {
        control("POST", "/_sandbox/accounts", "{\"provider\":\"" + provider + "\",\"address\":\"" + address
                + "\",\"messages\":3,\"seed\":7}");
    }

    /** Delivers a message to the mailbox now: {id, internetMessageId}. */
    JsonNode deliver(String address, String json) throws Exception {
        return control("POST", "/_sandbox/accounts/" + address + "/messages", json);
    }

    /** What was sent through the API, oldest first. */
    JsonNode sent(String address) throws Exception {
        return control("GET", "/_sandbox/accounts/" + address + "/sent", null);
    }

    /** Injects a fault. */
    void fault(String json) throws Exception {
        control("POST", "/_sandbox/faults", json);
    }

    JsonNode control(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .timeout(Duration.ofSeconds(10));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 300, () -> method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r.body().isBlank() ? null : JSON.readTree(r.body());
    }

    /** A Gmail access token of the account. */
    String accessToken(String address) throws Exception {
        return accessToken(connector.oauth(), address);
    }

    /** An access token of the account (authorization code + PKCE S256; consent auto-granted). */
    String accessToken(OAuthClientSettings oauth, String address) throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
                .getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String scopes = String.join(" ", oauth.scopes());
        Map<String, String> params = new HashMap<>(oauth.extraAuthorizationParameters());
        params.putAll(Map.of("client_id", oauth.clientId(), "redirect_uri", REDIRECT, "response_type", "code",
                "scope", scopes, "state", "s1", "code_challenge", challenge, "code_challenge_method", "S256",
                "login_hint", address));
        String url = oauth.authorizationEndpoint() + "?" + form(params);
        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, redirect.statusCode(), redirect::body);
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        Map<String, String> q = new HashMap<>();
        for (String p : location.getRawQuery().split("&")) {
            String[] kv = p.split("=", 2);
            q.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        Map<String, String> exchange = new HashMap<>(Map.of("grant_type", "authorization_code", "code", q.get("code"),
                "redirect_uri", REDIRECT, "client_id", oauth.clientId(), "code_verifier", verifier));
        if (oauth.clientSecret() != null) {
            exchange.put("client_secret", oauth.clientSecret());
        }
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(oauth.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(exchange))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token::body);
        return JSON.readTree(token.body()).path("access_token").asText();
    }

    private static String form(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    @Override
    public void close() {
        sandbox.close();
    }

    private static GmailConnector.Config config(Map<String, Object> overrides) {
        return config(GmailConnector.Config.class, overrides);
    }

    /** A connector's configuration as DS builds it: metatype defaults overridden per key. */
    private static <C> C config(Class<C> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(),
                new Class<?>[] {type}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return type;
                        case "toString":
                            return "Config" + overrides.keySet();
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            String key = method.getName().startsWith("_") ? "." + method.getName().substring(1)
                                    : method.getName();
                            return overrides.containsKey(key) ? overrides.get(key) : method.getDefaultValue();
                    }
                }));
    }
}
