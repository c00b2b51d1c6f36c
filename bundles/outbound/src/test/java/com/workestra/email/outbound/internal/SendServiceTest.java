package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.MessageSending.From;
import com.workestra.email.api.MessageSending.LinkRef;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.MessageSending.SendResult;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.OutboundStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sending path on the real store (H2 and PostgreSQL): refusals name the field and store nothing, idempotency
 * keys replay or refuse, sends are queued, scheduled and cancelled, the sent copy shows at once and is adopted, not
 * duplicated, by the Sent Items sync; workspace email and open tracking through their services.
 */
class SendServiceTest {

    private static SendRequest request(String connectionId, List<String> to, List<String> cc, List<String> bcc,
            String subject) {
        return new SendRequest(new From("connection", connectionId), to, cc, bcc, subject, "<p>Hello</p>", null,
                null, null, null, null, null);
    }

    private static ApiException refused(Runnable call) {
        return assertThrows(ApiException.class, call::run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void badInputIsRefusedNamingTheFieldAndNothingIsStored(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind)) {
            String conn = env.connect(env.ana, "gmail", "ana@gmail.test");
            String other = env.connect(env.eve, "gmail", "eve@gmail.test");
            List<String> ok = List.of("bob@example.test");
            record Case(SendRequest r, int status, String field) {
            }
            List<Case> cases = new ArrayList<>(List.of(
                    new Case(request(conn, List.of(), List.of(), List.of(), "s"), 400, "to"),
                    new Case(request(conn, null, null, null, "s"), 400, "to"),
                    new Case(request(conn, List.of("not an address"), null, null, "s"), 400, "to"),
                    new Case(request(conn, List.of("bob@"), null, null, "s"), 400, "to"),
                    new Case(request(conn, List.of("a@x.test, b@x.test"), null, null, "s"), 400, "to"),
                    new Case(request(conn, List.of("bob@example.test\r\nBcc: evil@x.test"), null, null, "s"), 400,
                            "to"),
                    new Case(request(conn, List.of("\"Bob\r\nBcc: evil@x.test\" <bob@example.test>"), null, null,
                            "s"), 400, "to"),
                    new Case(request(conn, ok, List.of("cc@example.test\nX-Evil: 1"), null, "s"), 400, "cc"),
                    new Case(request(conn, ok, null, List.of("undisclosed-recipients:;"), "s"), 400, "bcc"),
                    new Case(request(conn, ok, null, null, "Hi\r\nBcc: evil@x.test"), 400, "subject"),
                    new Case(request(conn, ok, null, null, "Hi\nthere"), 400, "subject"),
                    new Case(request(conn, ok, null, null, "Hi\u2028there"), 400, "subject"),
                    new Case(request(other, ok, null, null, "s"), 404, "from"),
                    new Case(request("no-such-connection", ok, null, null, "s"), 404, "from"),
                    new Case(request(null, ok, null, null, "s"), 400, "from"),
                    new Case(new SendRequest(null, ok, null, null, "s", "x", null, null, null, null, null, null), 400,
                            "from"),
                    new Case(new SendRequest(new From("workspace", null), ok, null, null, "s", "x", null, null, null,
                            null, null, null), 422, "from"),
                    new Case(new SendRequest(new From("connection", conn), ok, null, null, "s", "x", null,
                            "no-such-message", null, null, null, null), 404, "replyToMessageId"),
                    new Case(new SendRequest(new From("connection", conn), ok, null, null, "s", "x", null, null,
                            "no-such-signature", null, null, null), 404, "signatureId"),
                    new Case(new SendRequest(new From("connection", conn), ok, null, null, "s", "x", null, null, null,
                            true, null, null), 422, "trackOpens"),
                    new Case(new SendRequest(new From("connection", conn), ok, null, null, "s", "x", null, null, null,
                            null, null, List.of(new LinkRef("billing", "x", "1"))), 400, "links"),
                    // Graph-sized limit: 3 MB of text is over Outlook's, under Gmail's limit
                    new Case(new SendRequest(new From("connection", env.connect(env.ana, "outlook",
                            "ana@outlook.test")), ok, null, null, "s", null, "x".repeat(3 * 1024 * 1024), null, null,
                            null, null, null), 422, "body")));
            for (Case c : cases) {
                ApiException e = refused(() -> env.sends.send(env.ana, c.r(), "key-" + cases.indexOf(c)));
                assertEquals(c.status(), e.status(), () -> c + " -> " + e.getMessage());
                assertEquals(c.field(), e.details().get("field"), () -> c + " -> " + e.getMessage());
            }
            ApiException key = refused(() -> env.sends.send(env.ana, request(conn, ok, null, null, "s"),
                    "bad key with spaces"));
            assertEquals("Idempotency-Key", key.details().get("field"));
            assertEquals(0, env.count("SELECT COUNT(*) FROM email_outbound"));
            assertEquals(0, env.count("SELECT COUNT(*) FROM email_message"));
            // the same 3 MB message is within Gmail's limit
            SendResult big = env.sends.send(env.ana, new SendRequest(new From("connection", conn), ok, null, null,
                    "s", null, "x".repeat(3 * 1024 * 1024), null, null, null, null, null), null);
            assertEquals("queued", big.status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void idempotencyKeyReplaysTheFirstResultAndRefusesAnotherRequest(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind)) {
            String conn = env.connect(env.ana, "gmail", "ana@gmail.test");
            SendRequest r = request(conn, List.of("Bob <bob@example.test>"), null, List.of("dan@example.test"),
                    "Numbers");
            SendResult first = env.sends.send(env.ana, r, "k-1");
            assertEquals("queued", first.status());
            assertEquals(first, env.sends.send(env.ana, r, "k-1"));
            ApiException other = refused(() -> env.sends.send(env.ana, request(conn, List.of("bob@example.test"),
                    null, null, "Other"), "k-1"));
            assertEquals(422, other.status());
            assertEquals("idempotency_key_reused", other.code());
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_outbound"));
            // keys are per caller: another user's k-1 is another send
            String eveConn = env.connect(env.eve, "gmail", "eve@gmail.test");
            assertNotEquals(first.id(), env.sends.send(env.eve, request(eveConn, List.of("bob@example.test"), null,
                    null, "Numbers"), "k-1").id());
            // without a key, two sends
            env.sends.send(env.ana, r, null);
            assertEquals(3, env.count("SELECT COUNT(*) FROM email_outbound"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void sentCopyShowsAtOnceAndSentItemsSyncAdoptsIt(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind)) {
            String conn = env.connect(env.ana, "outlook", "ana@outlook.test");
            SendResult sent = env.sends.send(env.ana, request(conn, List.of("bob@example.test"), null,
                    List.of("dan@example.test"), "Numbers"), "k");
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message WHERE id = '" + sent.id()
                    + "' AND in_sent = TRUE AND provider_id LIKE 'local:%'"));
            OutboundStore.Send s = env.store.outbound().find(sent.id()).orElseThrow();
            assertEquals(sent.id(), s.localMessageId());
            // Graph's copy comes back with the Sent Items sync: same Message-ID, the provider's id
            MessageData synced = new MessageData("AAMk-sent-1", "conv-1", Set.of("sent"), true, TestEnv.T0,
                    s.internetMessageId(), null, List.of(), "Numbers", new MessageData.Address("ana@outlook.test",
                            "Ana"), List.of(new MessageData.Address("bob@example.test", null)), List.of(), List.of(),
                    "Hello", "Hello", "<p>Hello</p>", 500, List.of(), Map.of(), List.of());
            env.store.messages().apply(conn, List.of(synced), List.of(), List.of(), null);
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message"));
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message WHERE id = '" + sent.id()
                    + "' AND provider_id = 'AAMk-sent-1'"));
            assertTrue(env.store.outbound().providerCopyExists(conn, s.internetMessageId()));
            // a second sync round of the same message changes nothing
            env.store.messages().apply(conn, List.of(synced), List.of(), List.of(), null);
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_message"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void explicitLinksAreStoredWithTheSentCopyAndLaterSends(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind)) {
            String conn = env.connect(env.ana, "gmail", "ana@gmail.test");
            List<LinkRef> links = List.of(new LinkRef("crm", "deal", "D-7"),
                    new LinkRef("recruiting", "candidate", "C-1"),
                    new LinkRef("crm", "deal", "D-7"));
            SendResult now = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("bob@example.test"), null, null, "Offer", null, "text", null, null, null, null, links),
                    null);
            assertEquals(2, env.count("SELECT COUNT(*) FROM email_link WHERE message_id = '" + now.id()
                    + "' AND source = 'explicit' AND workspace_id = 'ws-1' AND ((module = 'crm' AND object_type ="
                    + " 'deal' AND object_id = 'D-7') OR (module = 'recruiting' AND object_id = 'C-1'))"));
            // a scheduled send keeps its links until the job stores its copy
            SendResult later = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("bob@example.test"), null, null, "Later", null, "text", null, null, null,
                    TestEnv.T0.plusSeconds(120), List.of(new LinkRef("support", "ticket", "T-9"))),
                    null);
            assertEquals(List.of(new LinkStore.Target("support", "ticket", "T-9")),
                    env.store.outbound().find(later.id()).orElseThrow().content().links());
            env.sends.addSentCopy(env.store.outbound().find(later.id()).orElseThrow(), env.clock.instant());
            assertEquals(1, env.count("SELECT COUNT(*) FROM email_link WHERE message_id = '" + later.id()
                    + "' AND module = 'support' AND object_id = 'T-9' AND source = 'explicit'"));
            // more than 20 links is refused naming the field, nothing stored
            List<LinkRef> many = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                many.add(new LinkRef("crm", "contact", "c" + i));
            }
            ApiException tooMany = refused(() -> env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("bob@example.test"), null, null, "Many", null, "text", null, null, null, null, many),
                    null));
            assertEquals("links", tooMany.details().get("field"));
            assertEquals(2, env.count("SELECT COUNT(*) FROM email_outbound"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void scheduledSendIsCancelledOnceAndNotAfterItWasSent(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind)) {
            String conn = env.connect(env.ana, "gmail", "ana@gmail.test");
            SendRequest later = new SendRequest(new From("connection", conn), List.of("bob@example.test"), null, null,
                    "Later", null, "text", null, null, null, TestEnv.T0.plusSeconds(3600), null);
            SendResult scheduled = env.sends.send(env.ana, later, null);
            assertEquals("scheduled", scheduled.status());
            assertEquals(0, env.count("SELECT COUNT(*) FROM email_message"));
            assertEquals(404, refused(() -> env.sends.cancelScheduled(env.eve, scheduled.id())).status());
            assertEquals("cancelled", env.sends.cancelScheduled(env.ana, scheduled.id()).status());
            assertEquals("cancelled", env.sends.cancelScheduled(env.ana, scheduled.id()).status());
            // nothing is due even once its time came
            env.clock.advance(Duration.ofHours(2));
            assertTrue(env.store.outbound().claimDue(env.clock.instant(), env.clock.instant().plusSeconds(60), 10)
                    .isEmpty());

            SendResult second = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("bob@example.test"), null, null, "Later", null, "text", null, null, null,
                    env.clock.instant().plusSeconds(60), null), null);
            env.clock.advance(Duration.ofMinutes(2));
            assertEquals(1, env.store.outbound().claimDue(env.clock.instant(), env.clock.instant().plusSeconds(60),
                    10).size());
            // claimed once: a second claimer (another node) gets nothing
            assertTrue(env.store.outbound().claimDue(env.clock.instant(), env.clock.instant().plusSeconds(60), 10)
                    .isEmpty());
            env.store.outbound().markSent(second.id(), "gm-1", env.clock.instant());
            ApiException conflict = refused(() -> env.sends.cancelScheduled(env.ana, second.id()));
            assertEquals(409, conflict.status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void workspaceSendGoesThroughTheWorkspaceMailerWithThreadHeaders(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind)) {
            List<WorkspaceMailer.Message> delivered = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            env.providers.mailer = new WorkspaceMailer() {
                @Override
                public Optional<Sender> sender(String workspaceId) {
                    return "ws-1".equals(workspaceId) ? Optional.of(new Sender("team@acme.test", "Acme"))
                            : Optional.empty();
                }

                @Override
                public Outcome send(String workspaceId, Message message, String idempotencyKey) {
                    delivered.add(message);
                    keys.add(idempotencyKey);
                    return new Outcome("sent", "re_1", null, null);
                }
            };
            SendRequest r = new SendRequest(new From("workspace", null), List.of("bob@example.test"), null,
                    List.of("dan@example.test"), "Welcome", "<p>Hi</p>", null, null, null, null, null, null);
            SendResult result = env.sends.send(env.ana, r, "w-1");
            assertEquals("queued", result.status());
            assertEquals(1, env.outbox.runOnce().sent());
            assertEquals(0, env.outbox.runOnce().sent());
            assertEquals(1, delivered.size());
            assertEquals(List.of(result.id()), keys);
            assertEquals(List.of("dan@example.test"), delivered.get(0).bcc());
            assertTrue(delivered.get(0).headers().get("Message-ID").endsWith("@acme.test>"));
            assertEquals("sent", env.store.outbound().find(result.id()).orElseThrow().status());
            assertEquals(result, new SendResult(result.id(), "queued"));
            assertEquals("sent", env.sends.send(env.ana, r, "w-1").status());
            assertEquals("workspace", env.compose.senders(env.ana).lastUsed().type());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void openTrackingAddsAPixelPerVisibleRecipientAndNoneForBcc(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind)) {
            String conn = env.connect(env.ana, "gmail", "ana@gmail.test");
            List<String> tracked = new ArrayList<>();
            env.providers.tracking = (messageId, recipient, sender) -> {
                tracked.add(recipient);
                return "https://host.test/email/v1/t/o/" + tracked.size() + ".gif";
            };
            SendResult r = env.sends.send(env.ana, new SendRequest(new From("connection", conn),
                    List.of("Bob <Bob@Example.test>"), List.of("cy@example.test"), List.of("dan@example.test"), "s",
                    "<p>Hi</p>", null, null, null, true, null, null), null);
            assertEquals(List.of("bob@example.test", "cy@example.test"), tracked);
            String html = env.store.outbound().find(r.id()).orElseThrow().content().html();
            assertTrue(html.contains("/t/o/1.gif") && html.contains("/t/o/2.gif"));
            assertFalse(html.contains("/t/o/3.gif"));
        }
    }
}
