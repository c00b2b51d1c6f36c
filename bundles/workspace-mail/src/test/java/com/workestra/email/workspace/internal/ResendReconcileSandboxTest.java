package com.workestra.email.workspace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.api.Caller;
import com.workestra.email.api.WorkspaceMailer.Attachment;
import com.workestra.email.api.WorkspaceMailer.Message;
import com.workestra.email.api.WorkspaceMailer.Outcome;
import com.workestra.email.store.internal.WorkspaceStoreFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciling an ambiguous workspace send with the real Resend SDK against the sandbox's Resend (its Idempotency-Key
 * store) and the real store: the identical request with the same key ends as exactly one email, whether the failed
 * first request never reached Resend's processing (an injected 500 answers before it) or was processed after the
 * client gave up (an injected delay beyond the client's timeout); a request still running stays unknown; a refusal
 * proves nothing was sent.
 */
class ResendReconcileSandboxTest {

    private static final Caller ADMIN = new Caller("ws1", "alice", "alice@acme.test", "Alice", true);

    private Sandbox sandbox;
    private WorkspaceStoreFixture db;
    private ResendSdk sdk;
    private ResendMailer mailer;

    @BeforeEach
    void start() throws Exception {
        sandbox = new Sandbox();
        db = WorkspaceStoreFixture.open("postgresql");
        sdk = new ResendSdk(sandbox.resendUrl(), Duration.ofMillis(700));
        WorkspaceSettings settings = new WorkspaceSettings(db.store(), db.secrets(), sdk, Clock.systemUTC(), 2,
                "http://127.0.0.1:1/email/v1/webhooks/resend");
        mailer = new ResendMailer(settings, db.store(), sdk, Clock.systemUTC());
        sandbox.control("PUT", "/_sandbox/resend/settings", "{\"rateLimitPerSecond\":1000}");
        Map<String, Object> body = new HashMap<>();
        body.put("fromAddress", "news@acme.test");
        body.put("fromName", "Acme News");
        body.put("rateLimitPerSecond", 100);
        body.put("apiKey", "re_reconcile_test_key");
        settings.update(ADMIN, body);
    }

    @AfterEach
    void stop() {
        sdk.close();
        db.close();
        sandbox.close();
    }

    private static Message message(String subject) {
        // a header map in another order on every attempt: the request body must still be the same
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Message-ID", "<" + subject + "@acme.test>");
        headers.put("In-Reply-To", "<a1@acme.test>");
        return new Message(List.of("ana@example.test"), List.of(), List.of("hidden@example.test"), subject,
                "<p>Hello</p>", "Hello", headers, List.of(new Attachment("terms.pdf", "application/pdf",
                        "%PDF-1.4 terms".getBytes(StandardCharsets.US_ASCII))));
    }

    private static Message reordered(Message m) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("In-Reply-To", m.headers().get("In-Reply-To"));
        headers.put("Message-ID", m.headers().get("Message-ID"));
        return new Message(m.to(), m.cc(), m.bcc(), m.subject(), m.html(), m.text(), headers, m.attachments());
    }

    private JsonNode emails() {
        return sandbox.control("GET", "/_sandbox/resend/emails", null);
    }

    @Test
    void aFirstRequestResendNeverProcessedIsSentOnceByTheReconciliation() {
        sandbox.control("POST", "/_sandbox/faults",
                "{\"provider\":\"resend\",\"pathPattern\":\"/emails$\",\"status\":500,\"times\":1}");
        Message m = message("Invoice-1");
        Outcome first = mailer.send("ws1", m, "send-1");
        assertEquals("delivery_unknown", first.status(), first::toString);
        assertEquals(0, emails().size(), "the fault answered before Resend processed the request");

        Outcome settled = mailer.reconcile("ws1", reordered(m), "send-1");
        assertEquals("sent", settled.status(), settled::toString);
        assertNotNull(settled.providerId());
        Outcome again = mailer.reconcile("ws1", m, "send-1");
        assertEquals(settled, again, "a second look replays the same answer");

        JsonNode emails = emails();
        assertEquals(1, emails.size(), "exactly one email for the send");
        JsonNode e = emails.get(0);
        assertEquals(settled.providerId(), e.get("id").asText());
        assertEquals("Invoice-1", e.get("subject").asText());
        assertEquals("terms.pdf", e.get("attachments").get(0).get("name").asText());
        assertEquals("application/pdf", e.get("attachments").get(0).get("contentType").asText());
        assertEquals(14, e.get("attachments").get(0).get("size").asInt());
    }

    @Test
    void aFirstRequestProcessedAfterTheClientGaveUpIsConfirmedNotResent() {
        sandbox.control("POST", "/_sandbox/faults", "{\"provider\":\"resend\",\"pathPattern\":\"/emails$\","
                + "\"status\":0,\"delayMs\":1500,\"times\":1}");
        Message m = message("Invoice-2");
        Outcome first = mailer.send("ws1", m, "send-2");
        assertEquals("delivery_unknown", first.status(), first::toString);
        // the sandbox serves the delayed request after the client's timeout: Resend has the email
        JsonNode emails = awaitEmails(1);

        Outcome settled = mailer.reconcile("ws1", reordered(m), "send-2");
        assertEquals("sent", settled.status(), settled::toString);
        assertEquals(emails.get(0).get("id").asText(), settled.providerId(), "Resend replayed the first answer");
        assertEquals(1, emails().size(), "never sent twice");
    }

    @Test
    void aRequestStillRunningStaysUnknownAndARefusalProvesNothingWasSent() {
        sandbox.control("POST", "/_sandbox/faults", "{\"provider\":\"resend\",\"pathPattern\":\"/emails$\","
                + "\"status\":409,\"times\":1,\"body\":{\"statusCode\":409,\"name\":\"concurrent_idempotent_requests\","
                + "\"message\":\"Same idempotency key used while original request is still in progress.\"}}");
        Outcome running = mailer.reconcile("ws1", message("Invoice-3"), "send-3");
        assertEquals("delivery_unknown", running.status(), running::toString);

        Message empty = new Message(List.of("ana@example.test"), List.of(), List.of(), "No body", null, null,
                Map.of());
        Outcome refused = mailer.reconcile("ws1", empty, "send-4");
        assertEquals("failed", refused.status(), refused::toString);
        assertTrue(refused.error().contains("html"), refused.error());
        assertEquals(0, emails().size());

        Outcome noKey = mailer.reconcile("ws1", message("Invoice-5"), null);
        assertEquals("delivery_unknown", noKey.status(), "never sent without a key");
        assertEquals(0, emails().size());
    }

    /** Polls the sandbox until it holds {@code count} emails (deadline 10 s). */
    private JsonNode awaitEmails(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode emails = emails();
        while (emails.size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            emails = emails();
        }
        assertEquals(count, emails.size());
        return emails;
    }
}
