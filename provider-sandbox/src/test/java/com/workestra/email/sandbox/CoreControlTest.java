package com.workestra.email.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoreControlTest {

    static SandboxServer sandbox;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxServer.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() throws Exception {
        call("POST", "/_sandbox/reset", Map.of());
    }

    static HttpResponse<String> call(String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Http.JSON.writeValueAsBytes(body));
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).method(method, pub)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Http.JSON.readTree(r.body());
    }

    @Test
    void createsAccountDeliversAndReadsBack() throws Exception {
        HttpResponse<String> created = call("POST", "/_sandbox/accounts",
                Map.of("provider", "gmail", "address", "Ann@Example.test", "messages", 50, "seed", 7));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(409, call("POST", "/_sandbox/accounts",
                Map.of("provider", "gmail", "address", "ann@example.test")).statusCode());
        JsonNode acct = json(call("GET", "/_sandbox/accounts/ann@example.test", null));
        assertEquals(50, acct.get("messageCount").asInt());
        assertEquals(50, acct.get("inboxCount").asInt() + acct.get("sentCount").asInt());
        assertTrue(acct.get("sentCount").asInt() > 0);
        long history = acct.get("historyId").asLong();

        JsonNode d = json(call("POST", "/_sandbox/accounts/ann@example.test/messages", Map.of("from",
                "Zoë <zoe@example.org>", "to", java.util.List.of("ann@example.test"), "subject", "Grüße",
                "text", "hello", "html", "<p>hello</p>")));
        String id = d.get("id").asText();
        JsonNode m = json(call("GET", "/_sandbox/accounts/ann@example.test/messages/" + id, null));
        assertEquals("Grüße", m.get("subject").asText());
        assertEquals(false, m.get("read").asBoolean());
        assertEquals("inbox", m.get("folder").asText());
        JsonNode read = json(call("POST", "/_sandbox/accounts/ann@example.test/messages/" + id + "/read",
                Map.of("read", true)));
        assertEquals(true, read.get("read").asBoolean());
        assertEquals(history + 2, json(call("GET", "/_sandbox/accounts/ann@example.test", null))
                .get("historyId").asLong());
        assertEquals(404, call("GET", "/_sandbox/accounts/nobody@example.test", null).statusCode());
    }

    @Test
    void faultsAnswerBeforeEmulatorsAndRunOut() throws Exception {
        assertEquals(201, call("POST", "/_sandbox/faults", Map.of("provider", "gmail", "pathPattern",
                "/gmail/v1/users/[^/]+/profile", "status", 503, "times", 1, "retryAfter", 7)).statusCode());
        HttpResponse<String> r = call("GET", "/google/gmail/v1/users/me/profile", null);
        assertEquals(503, r.statusCode());
        assertEquals("7", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals(503, json(r).path("error").path("code").asInt());
        HttpResponse<String> next = call("GET", "/google/gmail/v1/users/me/profile", null);
        assertTrue(next.statusCode() != 503, next.body());
        JsonNode stats = json(call("GET", "/_sandbox/stats", null));
        assertEquals(2, stats.path("requests").path("gmail").asInt());
    }

    @Test
    void settingsAndTokensControl() throws Exception {
        assertEquals(false, json(call("PUT", "/_sandbox/settings", Map.of("quotas", false))).get("quotas")
                .asBoolean());
        assertEquals(false, sandbox.settings().quotas());
        var g = sandbox.tokens().issue(Provider.GMAIL, "ann@example.test", "client", "scope", true);
        JsonNode list = json(call("GET", "/_sandbox/tokens/ann@example.test", null));
        assertEquals(g.accessToken(), list.get("accessTokens").get(0).asText());
        assertEquals(200, call("POST", "/_sandbox/tokens/revoke", Map.of("address", "ann@example.test"))
                .statusCode());
        assertEquals(null, sandbox.tokens().validate(Provider.GMAIL, g.accessToken()));
    }
}
