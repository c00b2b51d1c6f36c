package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.workestra.email.api.ApiException;
import com.workestra.email.api.MessageSending.From;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.MessageSending.SendResult;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.store.MessageData;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forwards on the real store with the real Gmail and Outlook connectors (their SDKs) against the provider sandbox: the
 * original's raw MIME is fetched from its mailbox, the sandbox receives the caller's body, the quoted header block and
 * text/HTML, and the original's attachment byte for byte (inline parts left out); a forward within the mailbox keeps
 * the thread with References and no In-Reply-To; bad forwards name {@code forwardMessageId} and send nothing.
 */
class ForwardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANA = "ana@gmail.test";
    private static final String ADA = "ada@outlook.test";
    private static final byte[] PDF = bytes(7_000, 1);
    private static final byte[] LOGO = bytes(300, 2);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aGmailForwardQuotesTheOriginalAndCarriesItsAttachment(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind); SandboxGmail gmail = SandboxGmail.start(5)) {
            gmail.account(ANA);
            String conn = env.connect(env.ana, "gmail", ANA);
            String token = gmail.accessToken(ANA);
            env.providers.access = (id, rejected) -> new MailboxRef(id, ANA, false, token);
            env.providers.operations.put("gmail", gmail.connector);
            env.compose.create(env.ana, new ComposeSettings.SignatureBody("Replies", "<i>Ana, Acme</i>", false,
                    true));
            Synced original = deliverAndSync(env, gmail.connector, gmail, conn, ANA, token, "Contract");

            SendRequest forward = new SendRequest(new From("connection", conn), List.of("dave@example.test"), null,
                    null, null, "<p>See the contract below.</p>", null, null, original.id(), null, null, null, null);
            SendResult queued = env.sends.send(env.ana, forward, "fwd-1");
            assertEquals(queued, env.sends.send(env.ana, forward, "fwd-1"), "one send per idempotency key");
            env.drain(queued.id());
            JsonNode sent = gmail.sent(ANA);
            assertEquals(1, sent.size());
            assertEquals(original.threadId(), sent.get(0).path("threadId").asText(), "kept in the conversation");

            MimeMessage m = parse(Base64.getUrlDecoder().decode(sent.get(0).path("raw").asText()));
            assertEquals("Fwd: Contract", m.getSubject());
            assertNull(m.getHeader("In-Reply-To"), "a forward answers nobody");
            assertEquals("<older@example.test> <" + original.messageId() + ">",
                    m.getHeader("References", null).replaceAll("\\s+", " "));
            Bodies b = bodies(m);
            assertTrue(b.text.startsWith("See the contract below."), b.text);
            assertTrue(b.text.contains("Ana, Acme"), "the default signature for replies applies: " + b.text);
            assertTrue(b.text.contains("---------- Forwarded message ---------\n"
                    + "From: Bob Builder <bob@example.test>\n"
                    + "Date: Mon, 23 Nov 2026 09:15:00 +0000\n"
                    + "Subject: Contract\n"
                    + "To: Ana <" + ANA + ">\n"
                    + "Cc: carol@example.test\n\n"
                    + "Please sign the attached contract."), b.text);
            assertTrue(b.text.indexOf("Ana, Acme") < b.text.indexOf("Forwarded message"), "signature above");
            assertTrue(b.html.startsWith("<p>See the contract below.</p>"), b.html);
            assertTrue(b.html.contains("---------- Forwarded message ---------<br>From: Bob Builder"
                    + " &lt;bob@example.test&gt;<br>"), b.html);
            assertTrue(b.html.contains("<b>sign</b>"), b.html);
            assertFalse(b.html.contains("script") || b.html.contains("alert("), "the original's HTML is sanitized");
            assertEquals(1, b.attachments.size(), "the attachment, not the inline logo");
            Part pdf = b.attachments.get(0);
            assertEquals("contract.pdf", pdf.getFileName());
            assertTrue(pdf.isMimeType("application/pdf"), pdf.getContentType());
            assertArrayEquals(PDF, read(pdf));

            // a subject that already says FW: is not prefixed again; a text-only forward stays text
            Synced fw = deliverAndSync(env, gmail.connector, gmail, conn, ANA, token, "fw: Old news");
            SendResult again = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("dave@example.test"), null, null, null, null, "FYI", null, fw.id(), null, null, null,
                    null), null);
            env.drain(again.id());
            MimeMessage m2 = parse(Base64.getUrlDecoder().decode(gmail.sent(ANA).get(1).path("raw").asText()));
            assertEquals("fw: Old news", m2.getSubject());
            assertArrayEquals(PDF, read(bodies(m2).attachments.get(0)));

            // refusals name the field and send nothing
            ApiException both = assertThrows(ApiException.class, () -> env.sends.send(env.ana, new SendRequest(
                    new From("connection", conn), List.of("dave@example.test"), null, null, null, null, "x",
                    original.id(), original.id(), null, null, null, null), null));
            assertEquals(400, both.status());
            assertEquals("forwardMessageId", both.details().get("field"));
            ApiException unknown = assertThrows(ApiException.class, () -> env.sends.send(env.ana, new SendRequest(
                    new From("connection", conn), List.of("dave@example.test"), null, null, null, null, "x", null,
                    "no-such-message", null, null, null, null), null));
            assertEquals(404, unknown.status());
            assertEquals("forwardMessageId", unknown.details().get("field"));
            String eveConn = env.connect(env.eve, "gmail", "eve@gmail.test");
            ApiException foreign = assertThrows(ApiException.class, () -> env.sends.send(env.eve, new SendRequest(
                    new From("connection", eveConn), List.of("dave@example.test"), null, null, null, null, "x", null,
                    original.id(), null, null, null, null), null));
            assertEquals(404, foreign.status(), "another user's message is not found");
            assertEquals("forwardMessageId", foreign.details().get("field"));
            env.outbox.runOnce();
            assertEquals(2, gmail.sent(ANA).size());

            // from the workspace address: the attachment goes to the workspace mailer, no References across mailboxes
            List<WorkspaceMailer.Message> delivered = new ArrayList<>();
            env.providers.mailer = new RecordingMailer(delivered);
            SendResult ws = env.sends.send(env.ana, new SendRequest(new From("workspace", null),
                    List.of("dave@example.test"), null, null, null, "<p>From the team</p>", null, null, original.id(),
                    null, null, null, null), null);
            assertEquals(1, env.outbox.runOnce().sent());
            assertEquals("sent", env.store.outbound().find(ws.id()).orElseThrow().status());
            WorkspaceMailer.Message wm = delivered.get(0);
            assertEquals("Fwd: Contract", wm.subject());
            assertTrue(wm.html().contains("Forwarded message") && wm.text().contains("Subject: Contract"));
            assertFalse(wm.headers().containsKey("References"));
            assertEquals(1, wm.attachments().size());
            assertEquals("contract.pdf", wm.attachments().get(0).fileName());
            assertEquals("application/pdf", wm.attachments().get(0).contentType());
            assertArrayEquals(PDF, wm.attachments().get(0).content());
        }
    }

    @Test
    void anOutlookForwardCarriesTheAttachmentAndAnOversizeForwardIsRefusedBeforeAnythingIsStored()
            throws Exception {
        Map<String, Long> limits = new HashMap<>(SendSettings.defaults().sizeLimits());
        limits.put("gmail", 5L * 1024);
        SendSettings small = new SendSettings(limits, 6, Duration.ofSeconds(30), Duration.ofMinutes(30),
                Duration.ofMinutes(5), 20);
        try (TestEnv env = new TestEnv("postgresql", small); SandboxGmail sandbox = SandboxGmail.start(5)) {
            sandbox.account("outlook", ADA);
            String conn = env.connect(env.ana, "outlook", ADA);
            String token = sandbox.accessToken(sandbox.outlook.oauth(), ADA);
            sandbox.account(ANA);
            String gConn = env.connect(env.ana, "gmail", ANA);
            String gToken = sandbox.accessToken(ANA);
            env.providers.access = (id, rejected) -> id.equals(conn) ? new MailboxRef(id, ADA, false, token)
                    : new MailboxRef(id, ANA, false, gToken);
            env.providers.operations.put("outlook", sandbox.outlook);
            env.providers.operations.put("gmail", sandbox.connector);

            Synced original = deliverAndSync(env, sandbox.outlook, sandbox, conn, ADA, token, "Plans");
            SendResult fwd = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("dave@example.test"), List.of("erin@example.test"), null, null, null, "Have a look.",
                    null, original.id(), null, null, null, null), "o-fwd");
            env.drain(fwd.id());
            JsonNode sent = sandbox.sent(ADA);
            assertEquals(1, sent.size());
            MimeMessage m = parse(Base64.getUrlDecoder().decode(sent.get(0).path("raw").asText()));
            assertEquals("Fwd: Plans", m.getSubject());
            assertTrue(m.getHeader("References", null).contains("<" + original.messageId() + ">"));
            Bodies b = bodies(m);
            assertTrue(b.text.startsWith("Have a look.\n\n---------- Forwarded message ---------"), b.text);
            assertEquals(1, b.attachments.size());
            assertEquals("contract.pdf", b.attachments.get(0).getFileName());
            assertArrayEquals(PDF, read(b.attachments.get(0)));

            // Gmail accepts 5 KB here: the 7 KB attachment makes the forward too large; refused, nothing stored
            Synced big = deliverAndSync(env, sandbox.connector, sandbox, gConn, ANA, gToken, "Big");
            long before = env.count("SELECT COUNT(*) FROM email_outbound");
            ApiException tooLarge = assertThrows(ApiException.class, () -> env.sends.send(env.ana, new SendRequest(
                    new From("connection", gConn), List.of("dave@example.test"), null, null, null, null, "x", null,
                    big.id(), null, null, null, null), null));
            assertEquals(422, tooLarge.status());
            assertEquals("message_too_large", tooLarge.code());
            assertEquals("forwardMessageId", tooLarge.details().get("field"));
            assertEquals(before, env.count("SELECT COUNT(*) FROM email_outbound"));
            assertEquals(0, sandbox.sent(ANA).size());
        }
    }

    /** The synced original: its message id (ours), Message-ID and provider thread. */
    private record Synced(String id, String messageId, String threadId) {
    }

    private static Synced deliverAndSync(TestEnv env, MailboxOperations ops, SandboxGmail sandbox, String conn,
            String address, String token, String subject) throws Exception {
        String imid = "orig-" + subject.replaceAll("\\W", "") + "-" + System.nanoTime() + "@example.test";
        JsonNode incoming = sandbox.deliver(address, JSON.writeValueAsString(Map.of("raw", original(address, imid,
                subject))));
        String providerId = incoming.path("id").asText();
        List<FetchedMessage> fetched = ops.fetch(new MailboxRef(conn, address, false, token), List.of(providerId));
        String threadId = fetched.get(0).meta().threadId();
        env.store.messages().apply(conn, List.of(new MessageData(providerId, threadId, Set.of("inbox"), false,
                Instant.now(), imid, null, List.of("older@example.test"), subject,
                new MessageData.Address("bob@example.test", "Bob Builder"), List.of(new MessageData.Address(address,
                null)), List.of(), List.of(), "Please sign", "Please sign", null, 100, List.of(), Map.of(),
                List.of())), List.of(), List.of(), null);
        try (var c = env.db.dataSource().getConnection();
                var s = c.prepareStatement("SELECT id FROM email_message WHERE provider_id = ?")) {
            s.setString(1, providerId);
            try (var r = s.executeQuery()) {
                assertTrue(r.next());
                return new Synced(r.getString(1), imid, threadId);
            }
        }
    }

    /** A message with a text and an HTML body (with a script), an inline logo and a PDF attachment. */
    private static String original(String to, String messageId, String subject) {
        String mixed = "mixed-b";
        String related = "related-b";
        String alt = "alt-b";
        return "From: Bob Builder <bob@example.test>\r\n"
                + "To: Ana <" + to + ">\r\n"
                + "Cc: carol@example.test\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Mon, 23 Nov 2026 09:15:00 +0000\r\n"
                + "Message-ID: <" + messageId + ">\r\n"
                + "References: <older@example.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + mixed + "\"\r\n\r\n"
                + "--" + mixed + "\r\n"
                + "Content-Type: multipart/related; boundary=\"" + related + "\"\r\n\r\n"
                + "--" + related + "\r\n"
                + "Content-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n"
                + "--" + alt + "\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "Please sign the attached contract.\r\n"
                + "--" + alt + "\r\n"
                + "Content-Type: text/html; charset=UTF-8\r\n\r\n"
                + "<p>Please <b>sign</b> it.</p><img src=\"cid:logo\"><script>alert(1)</script>\r\n"
                + "--" + alt + "--\r\n"
                + "--" + related + "\r\n"
                + "Content-Type: image/png; name=\"logo.png\"\r\n"
                + "Content-ID: <logo>\r\n"
                + "Content-Disposition: inline; filename=\"logo.png\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(LOGO) + "\r\n"
                + "--" + related + "--\r\n"
                + "--" + mixed + "\r\n"
                + "Content-Type: application/pdf; name=\"contract.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"contract.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(PDF) + "\r\n"
                + "--" + mixed + "--\r\n";
    }

    /** The text and HTML bodies and the attachment parts of a received message. */
    private static final class Bodies {
        String text;
        String html;
        final List<Part> attachments = new ArrayList<>();
    }

    private static Bodies bodies(MimeMessage m) throws Exception {
        Bodies b = new Bodies();
        walk(m, b);
        return b;
    }

    private static void walk(Part p, Bodies b) throws Exception {
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                walk(mp.getBodyPart(i), b);
            }
        } else if (p instanceof BodyPart && Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
            b.attachments.add(p);
        } else if (p.isMimeType("text/plain")) {
            b.text = ((String) p.getContent()).replace("\r\n", "\n");
        } else if (p.isMimeType("text/html")) {
            b.html = (String) p.getContent();
        }
    }

    private static byte[] read(Part p) throws Exception {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        b[0] = '%';
        return b;
    }


    /** Workspace email as the caller sees it: a sender, and every message kept. */
    private record RecordingMailer(List<WorkspaceMailer.Message> delivered) implements WorkspaceMailer {
        @Override
        public Optional<Sender> sender(String workspaceId) {
            return Optional.of(new Sender("team@acme.test", "Acme"));
        }

        @Override
        public Outcome send(String workspaceId, Message message, String idempotencyKey) {
            delivered.add(message);
            return new Outcome("sent", "re_" + delivered.size(), null, null);
        }
    }
}
