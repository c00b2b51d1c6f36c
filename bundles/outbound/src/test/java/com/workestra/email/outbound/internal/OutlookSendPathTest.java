package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.api.MessageSending.From;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.MessageSending.SendResult;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.store.MessageData;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sending from an Outlook mailbox: the real Outlook connector (Microsoft Graph SDK, MIME sendMail) against the
 * provider sandbox, on the real store. Once per idempotency key, Bcc only as the envelope, a reply lands in the
 * original conversation, and the Sent Items copy Graph keeps (its id is not returned by sendMail) is matched to the
 * local copy by Message-ID instead of duplicated.
 */
class OutlookSendPathTest {

    private static final String ADA = "ada@outlook.test";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void sendsThroughGraphOnceAndThreadsReplies(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind); SandboxGmail sandbox = SandboxGmail.start(5)) {
            sandbox.account("outlook", ADA);
            String conn = env.connect(env.ana, "outlook", ADA);
            String token = sandbox.accessToken(sandbox.outlook.oauth(), ADA);
            env.providers.access = (id, rejected) -> new MailboxRef(id, ADA, false, token);
            env.providers.operations.put("outlook", sandbox.outlook);

            SendRequest request = new SendRequest(new From("connection", conn), List.of("bob@example.test"), null,
                    List.of("dan@example.test"), "Plan", "<p>The plan</p>", null, null, null, null, null, null);
            SendResult sent = env.sends.send(env.ana, request, "o-1");
            env.drain(sent.id());
            assertEquals(new SendResult(sent.id(), "sent"), env.sends.send(env.ana, request, "o-1"));
            env.outbox.runOnce();
            JsonNode records = sandbox.sent(ADA);
            assertEquals(1, records.size());
            MimeMessage m = parse(records.get(0).path("raw").asText());
            String messageId = sent.id() + "@outlook.test";
            assertEquals("<" + messageId + ">", m.getMessageID());
            assertTrue(texts(records.get(0).path("to")).contains("dan@example.test"));
            assertFalse(m.getHeader("To", ",").contains("dan@"));
            assertNull(m.getHeader("Cc"));

            // Graph keeps the copy in Sent Items; the sync brings it with Graph's id and the same Message-ID
            env.store.messages().apply(conn, List.of(message("AAMk-" + sent.id(), "conv-x", Set.of("sent"),
                    messageId, "Plan")), List.of(), List.of(), null);
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message WHERE internet_message_id = '" + messageId
                    + "'"));
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message WHERE id = '" + sent.id()
                    + "' AND provider_id = 'AAMk-" + sent.id() + "'"));

            // a reply threads: In-Reply-To/References put it in the original conversation
            JsonNode incoming = sandbox.deliver(ADA, "{\"from\":\"bob@example.test\",\"to\":[\"" + ADA + "\"],"
                    + "\"subject\":\"Question\",\"text\":\"When?\"}");
            String providerId = incoming.path("id").asText();
            String imid = incoming.path("internetMessageId").asText().replaceAll("^<|>$", "");
            List<FetchedMessage> fetched = sandbox.outlook.fetch(new MailboxRef(conn, ADA, false, token),
                    List.of(providerId));
            String conversation = fetched.get(0).meta().threadId();
            env.store.messages().apply(conn, List.of(message(providerId, conversation, Set.of("inbox"), imid,
                    "Question")), List.of(), List.of(), null);
            String originalId = idOf(env, providerId);
            SendResult reply = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("bob@example.test"), null, null, null, null, "Tomorrow.", originalId, null, null, null,
                    null), "o-2");
            env.drain(reply.id());
            records = sandbox.sent(ADA);
            assertEquals(2, records.size());
            MimeMessage r = parse(records.get(1).path("raw").asText());
            assertEquals("Re: Question", r.getSubject());
            assertEquals("<" + imid + ">", r.getHeader("In-Reply-To", null));
            List<FetchedMessage> replyCopy = sandbox.outlook.fetch(new MailboxRef(conn, ADA, false, token),
                    List.of(records.get(1).path("id").asText()));
            assertEquals(conversation, replyCopy.get(0).meta().threadId());
        }
    }

    private static String idOf(TestEnv env, String providerId) throws Exception {
        try (var c = env.db.dataSource().getConnection();
                var s = c.prepareStatement("SELECT id FROM email_message WHERE provider_id = ?")) {
            s.setString(1, providerId);
            try (var rs = s.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private static MessageData message(String providerId, String thread, Set<String> folders, String imid,
            String subject) {
        return new MessageData(providerId, thread, folders, true, Instant.now(), imid, null, List.of(), subject,
                new MessageData.Address("bob@example.test", null), List.of(new MessageData.Address(ADA, null)),
                List.of(), List.of(), "x", "x", null, 100, List.of(), Map.of(), List.of());
    }


    private static MimeMessage parse(String base64url) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(Base64.getUrlDecoder().decode(base64url)));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
