package com.workestra.email.workspace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.api.WorkspaceMailer.Message;
import com.workestra.email.api.WorkspaceMailer.Outcome;
import com.workestra.email.store.WorkspaceMailStore;
import com.workestra.email.store.WorkspaceMailStore.DeliveryStatus;
import com.workestra.email.store.internal.WorkspaceStoreFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workspace email with the real Resend SDK against the provider sandbox and the real store (H2): what reaches Resend,
 * idempotency, Resend's 429 and our own window, timeouts, domains, and Svix-signed webhooks delivered by the sandbox.
 */
class WorkspaceMailSandboxTest {

    private static final Caller ADMIN = new Caller("ws1", "alice", "alice@acme.test", "Alice", true);
    private static final Caller MEMBER = new Caller("ws1", "bob", "bob@acme.test", "Bob", false);
    private static final Caller OTHER_ADMIN = new Caller("ws2", "carol", "carol@other.test", "Carol", true);
    private static final String KEY = "re_workspace_test_key";

    private Sandbox sandbox;
    private WorkspaceStoreFixture db;
    private ResendSdk sdk;
    private WorkspaceSettings settings;
    private ResendMailer mailer;

    @BeforeEach
    void start() throws Exception {
        sandbox = new Sandbox();
        db = WorkspaceStoreFixture.open("h2");
        start(Duration.ofSeconds(5));
    }

    private void start(Duration timeout) {
        if (sdk != null) {
            sdk.close();
        }
        sdk = new ResendSdk(sandbox.resendUrl(), timeout);
        settings = new WorkspaceSettings(db.store(), db.secrets(), sdk, Clock.systemUTC(), 2,
                "http://127.0.0.1:1/email/v1/webhooks/resend");
        mailer = new ResendMailer(settings, db.store(), sdk, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        sdk.close();
        db.close();
        sandbox.close();
    }

    private void configure(int rate) {
        Map<String, Object> body = new HashMap<>();
        body.put("fromAddress", "news@acme.test");
        body.put("fromName", "Acme News");
        body.put("rateLimitPerSecond", rate);
        body.put("apiKey", KEY);
        settings.update(ADMIN, body);
    }

    private static Message message(String subject) {
        return new Message(List.of("ana@example.test"), List.of("cc@example.test"), List.of("hidden@example.test"),
                subject, "<p>Hello</p>", "Hello", Map.of("In-Reply-To", "<a1@acme.test>"));
    }

    @Test
    void theSenderIsAdminOnlyAndTheKeyIsWriteOnly() {
        assertEquals(false, settings.view(ADMIN).get("apiKeySet"));
        configure(5);
        Map<String, Object> view = settings.view(ADMIN);
        assertEquals(true, view.get("apiKeySet"));
        assertEquals(true, view.get("configured"));
        assertEquals("news@acme.test", view.get("fromAddress"));
        assertEquals(5, view.get("rateLimitPerSecond"));
        assertFalse(view.toString().contains(KEY), "the key is never returned");
        assertEquals("news@acme.test", mailer.sender("ws1").orElseThrow().address());

        ApiException forbidden = assertThrows(ApiException.class, () -> settings.view(MEMBER));
        assertEquals(403, forbidden.status());
        assertEquals("admin_required", forbidden.code());
        assertThrows(ApiException.class, () -> settings.update(MEMBER, Map.of("fromName", "x")));
        assertEquals(false, settings.view(OTHER_ADMIN).get("apiKeySet"), "settings are per workspace");

        // bad input names the field; nothing changes
        assertEquals("fromAddress", assertThrows(ApiException.class,
                () -> settings.update(ADMIN, Map.of("fromAddress", "a@b.c>\r\nBcc: x@y.z"))).details().get("field"));
        assertEquals("apiKey", assertThrows(ApiException.class,
                () -> settings.update(ADMIN, Map.of("apiKey", "sk_live_nope"))).details().get("field"));
        assertEquals("rateLimitPerSecond", assertThrows(ApiException.class,
                () -> settings.update(ADMIN, Map.of("rateLimitPerSecond", 0))).details().get("field"));
        assertEquals("bogus", assertThrows(ApiException.class,
                () -> settings.update(ADMIN, Map.of("bogus", 1))).details().get("field"));
        // a key Resend refuses is not saved
        sandbox.control("POST", "/_sandbox/resend/keys/revoke", "{\"apiKey\":\"re_revoked\"}");
        ApiException refused = assertThrows(ApiException.class,
                () -> settings.update(ADMIN, Map.of("apiKey", "re_revoked")));
        assertEquals(422, refused.status());
        assertEquals("invalid_api_key", refused.code());
        assertEquals("news@acme.test", settings.view(ADMIN).get("fromAddress"));
    }

    @Test
    void aSendReachesResendWithTheRightFieldsOncePerIdempotencyKey() {
        sandbox.control("PUT", "/_sandbox/resend/settings", "{\"rateLimitPerSecond\":1000}");
        configure(10);
        Outcome first = mailer.send("ws1", message("Quarterly update"), "send-123");
        assertEquals("sent", first.status(), String.valueOf(first.error()));
        assertNotNull(first.providerId());
        Outcome again = mailer.send("ws1", message("Quarterly update"), "send-123");
        assertEquals("sent", again.status());
        assertEquals(first.providerId(), again.providerId(), "Resend answered the first send again");

        JsonNode emails = sandbox.control("GET", "/_sandbox/resend/emails", null);
        assertEquals(1, emails.size(), "one email for one idempotency key");
        JsonNode e = emails.get(0);
        assertEquals(first.providerId(), e.get("id").asText());
        assertEquals("Acme News <news@acme.test>", e.get("from").asText());
        assertEquals("ana@example.test", e.get("to").get(0).asText());
        assertEquals("cc@example.test", e.get("cc").get(0).asText());
        assertEquals("hidden@example.test", e.get("bcc").get(0).asText());
        assertEquals("Quarterly update", e.get("subject").asText());
        assertEquals("<p>Hello</p>", e.get("html").asText());
        assertEquals("Hello", e.get("text").asText());
        assertEquals("<a1@acme.test>", e.get("headers").get("In-Reply-To").asText());

        Message injected = new Message(List.of("ana@example.test"), List.of(), List.of(), "x", null, "x",
                Map.of("X-Note", "a\r\nBcc: victim@example.test"));
        assertEquals("failed", mailer.send("ws1", injected, null).status(), "no header injection");
        assertEquals(1, sandbox.control("GET", "/_sandbox/resend/emails", null).size(), "nothing more was sent");

        Outcome notConfigured = mailer.send("ws2", message("x"), null);
        assertEquals("failed", notConfigured.status());
        assertTrue(mailer.sender("ws2").isEmpty());
    }

    @Test
    void resends429IsHonouredWithRetryAfterAndClosesTheWorkspaceWindow() {
        configure(50);
        sandbox.control("POST", "/_sandbox/faults",
                "{\"provider\":\"resend\",\"pathPattern\":\"/resend/emails$\",\"status\":429,\"times\":1,"
                        + "\"retryAfter\":7}");
        Outcome limited = mailer.send("ws1", message("Limited"), "k-429");
        assertEquals("rate_limited", limited.status());
        assertEquals(7L, limited.retryAfterSeconds());
        int before = sandbox.control("GET", "/_sandbox/resend/emails", null).size();
        Outcome held = mailer.send("ws1", message("Held back"), "k-held");
        assertEquals("rate_limited", held.status(), "the workspace waits as Resend said, without asking again");
        assertTrue(held.retryAfterSeconds() >= 6 && held.retryAfterSeconds() <= 7, held.toString());
        assertEquals(before, sandbox.control("GET", "/_sandbox/resend/emails", null).size());
    }

    @Test
    void ratelimitRemainingZeroClosesTheWindowUntilTheReset() {
        configure(50);
        sandbox.control("PUT", "/_sandbox/resend/settings", "{\"rateLimitPerSecond\":1}");
        // a key the sandbox has not counted yet (configure() checked KEY with a request)
        WorkspaceMailStore.SenderSettings s = db.store().sender("ws1").orElseThrow();
        db.store().saveSender(new WorkspaceMailStore.SenderSettings("ws1", s.fromAddress(), s.fromName(), 50,
                db.secrets().seal("ws1", WorkspaceSettings.API_KEY, "re_fresh_key"), null, s.updatedAt(), "test"));
        assertEquals("sent", mailer.send("ws1", message("One"), null).status());
        Outcome next = mailer.send("ws1", message("Two"), null);
        assertEquals("rate_limited", next.status(), "ratelimit-remaining was 0: wait for ratelimit-reset");
        assertEquals(1L, next.retryAfterSeconds());
        assertEquals(1, sandbox.control("GET", "/_sandbox/resend/emails", null).size());
    }

    @Test
    void theWorkspaceRateLimitHoldsSendsBackBeforeResend() {
        configure(1);
        assertEquals("sent", mailer.send("ws1", message("One"), null).status());
        Outcome second = mailer.send("ws1", message("Two"), null);
        assertEquals("rate_limited", second.status());
        assertEquals(1L, second.retryAfterSeconds());
        assertEquals(1, sandbox.control("GET", "/_sandbox/resend/emails", null).size());
    }

    @Test
    void aTimeoutIsDeliveryUnknownNeverASecondSend() {
        configure(10);
        start(Duration.ofMillis(500));
        sandbox.control("POST", "/_sandbox/faults",
                "{\"provider\":\"resend\",\"pathPattern\":\"/resend/emails$\",\"status\":0,\"times\":1,"
                        + "\"delayMs\":2000}");
        Outcome slow = mailer.send("ws1", message("Slow"), "k-slow");
        assertEquals("delivery_unknown", slow.status(), String.valueOf(slow.error()));
        assertNull(slow.providerId());
    }

    @Test
    void domainsGoThroughResendAndStayInTheirWorkspace() {
        configure(10);
        sandbox.control("PUT", "/_sandbox/resend/settings", "{\"rateLimitPerSecond\":1000}");
        Map<String, Object> created = settings.createDomain(ADMIN, Map.of("name", "Mail.Acme.test"));
        String id = (String) created.get("id");
        assertEquals("mail.acme.test", created.get("name"));
        assertEquals("not_started", created.get("status"));
        List<?> records = (List<?>) created.get("records");
        assertEquals(3, records.size(), created.toString());
        assertTrue(records.toString().contains("resend._domainkey"), records.toString());

        Map<String, Object> verified = settings.verifyDomain(ADMIN, id);
        assertEquals("verified", verified.get("status"), "the sandbox completes the DNS check on the next read");
        assertEquals("verified", settings.domain(ADMIN, id).get("status"));
        assertEquals(1, settings.domains(ADMIN).size());

        assertEquals(404, assertThrows(ApiException.class, () -> settings.domain(OTHER_ADMIN, id)).status());
        assertEquals(404, assertThrows(ApiException.class, () -> settings.verifyDomain(OTHER_ADMIN, id)).status());
        assertEquals(403, assertThrows(ApiException.class, () -> settings.domain(MEMBER, id)).status());
        assertEquals("name", assertThrows(ApiException.class,
                () -> settings.createDomain(ADMIN, Map.of("name", "not a domain"))).details().get("field"));
        assertEquals("region", assertThrows(ApiException.class,
                () -> settings.createDomain(ADMIN, Map.of("name", "x.acme.test", "region", "mars"))).details()
                .get("field"));
        ApiException taken = assertThrows(ApiException.class,
                () -> settings.createDomain(ADMIN, Map.of("name", "mail.acme.test")));
        assertEquals(409, taken.status(), "a name registered already");
        assertEquals(422, assertThrows(ApiException.class,
                () -> settings.createDomain(OTHER_ADMIN, Map.of("name", "other.test"))).status(),
                "no API key yet");
    }

    @Test
    void signedWebhooksFromTheSandboxAreVerifiedAndRecordedOnce() throws Exception {
        configure(10);
        sandbox.control("PUT", "/_sandbox/resend/settings", "{\"rateLimitPerSecond\":1000,\"autoEvents\":false}");
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DeliveryWebhooks webhooks = new DeliveryWebhooks(db.store(), sdk.verifier(), settings::webhookSecret, null,
                Clock.systemUTC());
        Map<String, String> lastBody = new HashMap<>();
        receiver.createContext("/hook", ex -> {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new HashMap<>();
            for (String h : List.of("svix-id", "svix-timestamp", "svix-signature")) {
                headers.put(h, ex.getRequestHeaders().getFirst(h));
            }
            lastBody.put("body", body);
            lastBody.putAll(headers);
            String ws = ex.getRequestURI().getQuery() == null ? null
                    : ex.getRequestURI().getQuery().replace("workspace=", "");
            int status;
            try {
                status = webhooks.receive(ws, headers, body).recorded() ? 200 : 208;
            } catch (ApiException e) {
                status = e.status();
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?workspace=ws1";
            JsonNode hook = sandbox.control("PUT", "/_sandbox/resend/webhook", "{\"url\":\"" + url + "\"}");
            settings.update(ADMIN, Map.of("webhookSigningSecret", hook.get("secret").asText()));
            assertEquals(true, settings.view(ADMIN).get("webhookSigningSecretSet"));
            assertFalse(settings.view(ADMIN).toString().contains(hook.get("secret").asText()));

            Outcome sent = mailer.send("ws1", message("Bounce me"), null);
            JsonNode bounced = sandbox.control("POST", "/_sandbox/resend/events",
                    "{\"emailId\":\"" + sent.providerId() + "\",\"type\":\"email.bounced\"}");
            assertEquals(200, bounced.get("deliveries").get(0).get("status").asInt(), bounced.toString());
            DeliveryStatus status = db.store().deliveryStatus("ws1", sent.providerId()).orElseThrow();
            assertEquals("email.bounced", status.lastEvent());
            assertEquals("Permanent", status.bounceType());
            assertNotNull(status.bouncedAt());

            // the same delivery again (same svix-id): accepted, nothing new
            Map<String, String> headers = Map.of("svix-id", lastBody.get("svix-id"), "svix-timestamp",
                    lastBody.get("svix-timestamp"), "svix-signature", lastBody.get("svix-signature"));
            assertFalse(webhooks.receive("ws1", headers, lastBody.get("body")).recorded());
            assertEquals(1, db.store().deliveryEvents("ws1", sent.providerId()).size());

            // tampered body, wrong workspace secret, stale timestamp: 401
            ApiException tampered = assertThrows(ApiException.class, () -> webhooks.receive("ws1", headers,
                    lastBody.get("body").replace("email.bounced", "email.delivered")));
            assertEquals(401, tampered.status());
            assertEquals("invalid_signature", tampered.code());
            assertEquals(401, assertThrows(ApiException.class, () -> webhooks.receive("ws2", headers,
                    lastBody.get("body"))).status(), "ws2 has no secret and none is configured");
            // a correctly signed event whose timestamp is 10 minutes old: refused by the tolerance check alone
            JsonNode stale = sandbox.control("POST", "/_sandbox/resend/events", "{\"emailId\":\"" + sent.providerId()
                    + "\",\"type\":\"email.delivered\",\"signedSecondsAgo\":600}");
            assertEquals(401, stale.get("deliveries").get(0).get("status").asInt(), stale.toString());
            Map<String, String> staleHeaders = Map.of("svix-id", lastBody.get("svix-id"), "svix-timestamp",
                    lastBody.get("svix-timestamp"), "svix-signature", lastBody.get("svix-signature"));
            assertTrue(Long.parseLong(staleHeaders.get("svix-timestamp")) < System.currentTimeMillis() / 1000 - 500);
            assertEquals("email.bounced", db.store().deliveryStatus("ws1", sent.providerId()).orElseThrow()
                    .lastEvent(), "the stale event changed nothing");
            // the same signed event with a current timestamp is accepted: the signature was good, the age was not
            JsonNode fresh = sandbox.control("POST", "/_sandbox/resend/events", "{\"emailId\":\"" + sent.providerId()
                    + "\",\"type\":\"email.delivered\",\"signedSecondsAgo\":0}");
            assertEquals(200, fresh.get("deliveries").get(0).get("status").asInt(), fresh.toString());

            JsonNode delivered = sandbox.control("POST", "/_sandbox/resend/events",
                    "{\"emailId\":\"" + sent.providerId() + "\",\"type\":\"email.complained\"}");
            assertEquals(200, delivered.get("deliveries").get(0).get("status").asInt());
            assertNotNull(db.store().deliveryStatus("ws1", sent.providerId()).orElseThrow().complainedAt());
        } finally {
            receiver.stop(0);
        }
    }
}
