package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.api.ApiException;
import com.workestra.email.api.MessageSending.From;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.MessageSending.SendResult;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.OutboundStore;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The full send path: the real store on a test database, the real Gmail connector (Google API client) against the
 * provider sandbox. A send with an idempotency key reaches Gmail once with the right headers and no Bcc header for
 * the recipients, a reply threads (threadId, In-Reply-To, References), bad input sends nothing, a transient failure is
 * retried once, and an ambiguous answer becomes delivery_unknown and is reconciled from Sent Items, never resent.
 */
class GmailSendPathTest {

    private static final String ANA = "ana@gmail.test";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void sendsOnceThreadsRepliesAndNeverResendsBlindly(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind); SandboxGmail gmail = SandboxGmail.start(2)) {
            gmail.account(ANA);
            String conn = env.connect(env.ana, "gmail", ANA);
            String token = gmail.accessToken(ANA);
            env.providers.access = (id, rejected) -> new MailboxRef(id, ANA, false, token);
            env.providers.operations.put("gmail", gmail.connector);
            env.compose.create(env.ana, new ComposeSettings.SignatureBody("Work",
                    "<b>Ana</b> <script>alert(1)</script>", true, false));

            // 1. a new message with an idempotency key, sent twice by the client
            SendRequest first = new SendRequest(new From("connection", conn), List.of("Bob <bob@example.test>"),
                    List.of("carol@example.test"), List.of("dan@example.test"), "Q4 numbers",
                    "<p>Numbers attached.</p>", null, null, null, null, null, null);
            SendResult queued = env.sends.send(env.ana, first, "send-1");
            assertEquals("queued", queued.status());
            assertEquals(queued, env.sends.send(env.ana, first, "send-1"));
            env.drain(queued.id());
            assertEquals(new SendResult(queued.id(), "sent"), env.sends.send(env.ana, first, "send-1"));
            assertEquals(0, env.outbox.runOnce().sent());
            JsonNode sent = gmail.sent(ANA);
            assertEquals(1, sent.size());

            MimeMessage m = parse(sent.get(0).path("raw").asText());
            String messageId = "<" + queued.id() + "@gmail.test>";
            assertEquals(messageId, m.getMessageID());
            assertEquals(List.of("bob@example.test"), addresses(m.getRecipients(MimeMessage.RecipientType.TO)));
            assertEquals(List.of("carol@example.test"), addresses(m.getRecipients(MimeMessage.RecipientType.CC)));
            assertEquals(ANA, ((InternetAddress) m.getFrom()[0]).getAddress());
            assertEquals("Q4 numbers", m.getSubject());
            assertTrue(m.isMimeType("multipart/alternative"));
            String html = (String) ((MimeMultipart) m.getContent()).getBodyPart(1).getContent();
            assertTrue(html.contains("<b>Ana</b>"), html);
            assertFalse(html.contains("script"), html);
            // Gmail took dan from the envelope (the Bcc header of the submission, which Gmail strips)...
            assertTrue(texts(sent.get(0).path("to")).contains("dan@example.test"));
            // ...and the message itself, as stored and shown, has no Bcc header
            OutboundStore.Send stored = env.store.outbound().find(queued.id()).orElseThrow();
            assertNull(parse(stored.content().mime()).getHeader("Bcc"));
            assertFalse(m.getHeader("To", ",").contains("dan@") || m.getHeader("Cc", ",").contains("dan@"));
            // the local copy took Gmail's id (no duplicate when the Sent Items sync brings it)
            assertEquals(sent.get(0).path("id").asText(), stored.providerMessageId());
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message WHERE id = '" + queued.id()
                    + "' AND provider_id = '" + stored.providerMessageId() + "' AND in_sent = TRUE"));

            // 2. a reply to an incoming message threads
            JsonNode incoming = gmail.deliver(ANA, "{\"from\":\"bob@example.test\",\"to\":[\"" + ANA + "\"],"
                    + "\"subject\":\"Budget\",\"text\":\"Can you check?\"}");
            String providerId = incoming.path("id").asText();
            String imid = incoming.path("internetMessageId").asText().replaceAll("^<|>$", "");
            List<FetchedMessage> fetched = gmail.connector.fetch(new MailboxRef(conn, ANA, false, token),
                    List.of(providerId));
            String threadId = fetched.get(0).meta().threadId();
            env.store.messages().apply(conn, List.of(new MessageData(providerId, threadId, Set.of("inbox"), false,
                    Instant.now(), imid, null, List.of(), "Budget", new MessageData.Address("bob@example.test", null),
                    List.of(new MessageData.Address(ANA, null)), List.of(), List.of(), "Can you check?",
                    "Can you check?", null, 100, List.of(), Map.of(), List.of())), List.of(), List.of(), null);
            String original = single(env, "SELECT id FROM email_message WHERE provider_id = ?", providerId);
            SendResult reply = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("bob@example.test"), null, null, null, null, "Checked.", original, null, null, null,
                    null), "reply-1");
            env.drain(reply.id());
            sent = gmail.sent(ANA);
            assertEquals(2, sent.size());
            assertEquals(threadId, sent.get(1).path("threadId").asText());
            MimeMessage r = parse(sent.get(1).path("raw").asText());
            assertEquals("Re: Budget", r.getSubject());
            assertEquals("<" + imid + ">", r.getHeader("In-Reply-To", null));
            assertTrue(r.getHeader("References", null).contains("<" + imid + ">"));
            assertEquals(threadId, single(env, "SELECT provider_thread_id FROM email_message WHERE id = ?",
                    reply.id()));

            // 3. bad input sends nothing
            ApiException bad = assertThrows(ApiException.class, () -> env.sends.send(env.ana, new SendRequest(
                    new From("connection", conn), List.of("bob@example.test\r\nBcc: all@example.test"), null, null,
                    "x", null, "x", null, null, null, null, null), "bad-1"));
            assertEquals("to", bad.details().get("field"));
            assertEquals(0, env.outbox.runOnce().sent());
            assertEquals(2, gmail.sent(ANA).size());

            // 4. a transient failure (503) is retried later, once
            gmail.fault("{\"provider\":\"gmail\",\"pathPattern\":\"messages/send\",\"status\":503,\"times\":1}");
            SendResult retried = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("bob@example.test"), null, null, "Retry", null, "x", null, null, null, null, null), null);
            Outbox.Run failedOnce = env.outbox.runOnce();
            assertEquals(1, failedOnce.retried(), failedOnce::toString);
            assertEquals(2, gmail.sent(ANA).size());
            assertEquals(0, env.outbox.runOnce().sent());
            env.drain(retried.id());
            assertTrue(env.store.outbound().find(retried.id()).orElseThrow().attempts() >= 2);
            assertEquals(3, gmail.sent(ANA).size());
            assertEquals("sent", env.store.outbound().find(retried.id()).orElseThrow().status());

            // 5. no answer in time: delivery unknown, never resent, reconciled from Sent Items (the quota is switched
            // off so the slow answer is the only fault of this request)
            gmail.control("PUT", "/_sandbox/settings", "{\"quotas\":false}");
            gmail.fault("{\"provider\":\"gmail\",\"pathPattern\":\"messages/send\",\"status\":0,\"delayMs\":3000,"
                    + "\"times\":1}");
            SendResult unknown = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("bob@example.test"), null, null, "Slow", null, "x", null, null, null, null, null), null);
            assertEquals(1, env.outbox.runOnce().unknown());
            OutboundStore.Send u = env.store.outbound().find(unknown.id()).orElseThrow();
            assertEquals("delivery_unknown", u.status());
            JsonNode all = waitForSent(gmail, 4);
            // the outbox asks Gmail's sent folder for the Message-ID: found, so sent, and nothing was resent
            env.clock.advance(Duration.ofMinutes(1));
            Outbox.Run later = env.outbox.runOnce();
            assertEquals(1, later.reconciled(), later::toString);
            assertEquals(0, later.sent() + later.retried());
            OutboundStore.Send reconciled = env.store.outbound().find(unknown.id()).orElseThrow();
            assertEquals("sent", reconciled.status());
            assertEquals(all.get(3).path("id").asText(), reconciled.providerMessageId());
            assertEquals(4, gmail.sent(ANA).size());
            // the Sent Items sync brings Gmail's copy later: the local copy already carries its id, no duplicate
            env.store.messages().apply(conn, List.of(new MessageData(all.get(3).path("id").asText(),
                    all.get(3).path("threadId").asText(), Set.of("sent"), true, Instant.now(), u.internetMessageId(),
                    null, List.of(), "Slow", new MessageData.Address(ANA, null),
                    List.of(new MessageData.Address("bob@example.test", null)), List.of(), List.of(), "x", "x", null,
                    100, List.of(), Map.of(), List.of())), List.of(), List.of(), null);
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message WHERE internet_message_id = '"
                    + u.internetMessageId() + "'"));

            // 6. a refusal for good: failed, not retried, and the copy shown in Sent is withdrawn
            gmail.fault("{\"provider\":\"gmail\",\"pathPattern\":\"messages/send\",\"status\":400,\"times\":1}");
            SendResult refused = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("bob@example.test"), null, null, "Refused", null, "x", null, null, null, null, null), null);
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message WHERE id = '" + refused.id()
                    + "' AND deleted = FALSE"));
            assertEquals(1, env.outbox.runOnce().failed());
            env.clock.advance(Duration.ofHours(1));
            assertEquals(0, env.outbox.runOnce().sent());
            assertEquals("failed", env.store.outbound().find(refused.id()).orElseThrow().status());
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message WHERE id = '" + refused.id()
                    + "' AND deleted = TRUE"));
            assertEquals(4, gmail.sent(ANA).size());
        }
    }


    private static JsonNode waitForSent(SandboxGmail gmail, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode sent = gmail.sent(ANA);
        while (sent.size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            sent = gmail.sent(ANA);
        }
        assertEquals(count, sent.size());
        return sent;
    }

    private static String single(TestEnv env, String sql, String param) throws Exception {
        try (Connection c = env.db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), sql);
                return r.getString(1);
            }
        }
    }

    private static MimeMessage parse(String base64url) throws Exception {
        return parse(Base64.getUrlDecoder().decode(base64url));
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static List<String> addresses(Address[] list) {
        return list == null ? List.of() : Arrays.stream(list).map(a -> ((InternetAddress) a).getAddress()).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
