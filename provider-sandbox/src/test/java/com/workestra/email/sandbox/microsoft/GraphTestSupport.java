package com.workestra.email.sandbox.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.sun.net.httpserver.HttpServer;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Helpers shared by the Microsoft emulator tests: control API, OAuth flow, SDK client, a local webhook. */
final class GraphTestSupport {

    static final String CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";
    static final URI REDIRECT = URI.create("http://127.0.0.1:1/callback");
    static final Scope SCOPE = new Scope("offline_access", "User.Read", "Mail.ReadWrite", "Mail.Send");

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).build();

    private GraphTestSupport() {
    }

    static JsonNode control(String base, String method, String path, Object body) throws Exception {
        HttpResponse<String> r = call(base, method, path, body);
        assertTrue(r.statusCode() / 100 == 2, () -> method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r.body().isEmpty() ? Http.JSON.createObjectNode() : Http.JSON.readTree(r.body());
    }

    static HttpResponse<String> call(String base, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Http.JSON.writeValueAsBytes(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String uniqueAddress(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@contoso.test";
    }

    static void createOutlookAccount(String base, String address, int messages, List<String> sharedWith)
            throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("provider", "outlook");
        body.put("address", address);
        body.put("displayName", "Test " + address.substring(0, address.indexOf('@')));
        body.put("messages", messages);
        body.put("seed", 42L);
        body.put("spanDays", 5);
        if (sharedWith != null) {
            body.put("sharedWith", sharedWith);
        }
        control(base, "POST", "/_sandbox/accounts", body);
    }

    static String deliver(String base, String address, String subject) throws Exception {
        return control(base, "POST", "/_sandbox/accounts/" + address + "/messages", Map.of("from",
                "alice@fabrikam.test", "to", List.of(address), "subject", subject, "text", "Body of " + subject))
                .get("id").asText();
    }

    static URI authorizeUri(String base, String loginHint, CodeVerifier verifier, State state, String prompt) {
        AuthorizationRequest.Builder b = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
                new ClientID(CLIENT_ID))
                .endpointURI(URI.create(base + "/microsoft/common/oauth2/v2.0/authorize"))
                .redirectionURI(REDIRECT).scope(SCOPE).state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        if (loginHint != null) {
            b.customParameter("login_hint", loginHint);
        }
        if (prompt != null) {
            b.customParameter("prompt", prompt);
        }
        return b.build().toURI();
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static TokenResponse exchange(String base, AuthorizationCode code, CodeVerifier verifier) throws Exception {
        TokenRequest req = new TokenRequest.Builder(URI.create(base + "/microsoft/common/oauth2/v2.0/token"),
                new ClientID(CLIENT_ID), new AuthorizationCodeGrant(code, REDIRECT, verifier)).scope(SCOPE).build();
        return TokenResponse.parse(req.toHTTPRequest().send());
    }

    static TokenResponse refresh(String base, com.nimbusds.oauth2.sdk.token.RefreshToken rt) throws Exception {
        TokenRequest req = new TokenRequest.Builder(URI.create(base + "/microsoft/common/oauth2/v2.0/token"),
                new ClientID(CLIENT_ID), new com.nimbusds.oauth2.sdk.RefreshTokenGrant(rt)).scope(SCOPE).build();
        return TokenResponse.parse(req.toHTTPRequest().send());
    }

    /** Runs the full code + PKCE flow through the real redirect for an account; returns its tokens. */
    static Tokens signIn(String base, String address) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        HttpResponse<String> r = get(authorizeUri(base, address, verifier, state, null));
        assertEquals(302, r.statusCode(), r::body);
        AuthorizationCode code = authorizationCode(r, state);
        TokenResponse t = exchange(base, code, verifier);
        assertTrue(t.indicatesSuccess(), () -> t.toErrorResponse().getErrorObject().toString());
        return t.toSuccessResponse().getTokens();
    }

    static AuthorizationCode authorizationCode(HttpResponse<String> redirect, State expected) throws ParseException {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT.toString()), location);
        AuthorizationResponse ar = AuthorizationResponse.parse(URI.create(location));
        assertTrue(ar.indicatesSuccess(), location);
        assertEquals(expected, ar.getState());
        return ar.toSuccessResponse().getAuthorizationCode();
    }

    static GraphServiceClient client(String base, String accessToken) {
        AllowedHostsValidator hosts = new AllowedHostsValidator("127.0.0.1");
        AccessTokenProvider provider = new AccessTokenProvider() {
            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                return hosts.isUrlHostValid(uri) ? accessToken : "";
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                return hosts;
            }
        };
        GraphServiceClient client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(provider));
        client.getRequestAdapter().setBaseUrl(base + "/graph/v1.0");
        return client;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A local webhook: answers validation with {@code echo} applied to the token and records notifications. */
    static final class Webhook implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
        final List<String> validations = new CopyOnWriteArrayList<>();
        volatile UnaryOperator<String> echo = t -> t;
        /** Notifications to answer 503 before accepting (delivery retries). */
        final AtomicInteger failNotifications = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();
        volatile java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(0);

        Webhook() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", ex -> {
                Map<String, String> q = Http.form(ex.getRequestURI().getRawQuery());
                byte[] body = Http.body(ex);
                if (q.containsKey("validationToken")) {
                    validations.add(q.get("validationToken"));
                    try {
                        hold.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Http.sendText(ex, 200, echo.apply(q.get("validationToken")));
                    return;
                }
                if (failNotifications.getAndDecrement() > 0) {
                    rejected.incrementAndGet();
                    Http.send(ex, 503, null, new byte[0]);
                    return;
                }
                JsonNode json = Http.JSON.readTree(body);
                for (JsonNode n : json.path("value")) {
                    notifications.add(n);
                }
                Http.send(ex, 202, null, new byte[0]);
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            hold.countDown();
            server.stop(0);
        }
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
