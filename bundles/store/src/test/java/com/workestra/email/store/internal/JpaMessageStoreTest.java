package com.workestra.email.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageData.Address;
import com.workestra.email.store.MessageData.Attachment;
import com.workestra.email.store.MessageState;
import com.workestra.email.store.MessageStore.ApplyResult;
import com.workestra.email.store.MessageStore.Counts;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.migrate.Migrations;
import com.workestra.email.store.testing.StatementLog;
import com.workestra.email.store.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Synced messages, their addresses and attachments, and the cursor in the same transaction, on H2 and PostgreSQL. */
class JpaMessageStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final String SUBJECT = "Grüße aus Köln — 日本語の件名 📧 ✓";

    /** What a test gets: the store, the ids of two connections, the database and the statement log. */
    private record Env(JpaMessageStore store, String conn, String other, TestDatabase db, StatementLog log) {
    }

    private interface Body {
        void run(Env env) throws Exception;
    }

    private static void withStore(String kind, Body body) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            new Migrations(db.dataSource(), "db/changelog/workestra-email.xml",
                    JpaMessageStoreTest.class.getClassLoader()).update();
            StatementLog log = new StatementLog(db.dataSource());
            EntityManagerFactory emf = PersistenceUnitFactory.create(log.dataSource(), JpaStore.ENTITIES);
            try {
                TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(
                        new byte[32]), "k1"));
                JpaConnectionStore connections = new JpaConnectionStore(new Tx(emf), new VaultSealer(vault));
                String a = connections.connect(new NewConnection("ws", "u1", "gmail", "a@x.test", "a@x.test", "A",
                        "personal", null), null, T0).id();
                String b = connections.connect(new NewConnection("ws", "u1", "gmail", "b@x.test", "b@x.test", "B",
                        "personal", null), null, T0).id();
                JpaMessageStore store = new JpaMessageStore(new Tx(emf), Clock.fixed(T0.plusSeconds(1),
                        ZoneOffset.UTC));
                body.run(new Env(store, a, b, db, log));
            } finally {
                emf.close();
            }
        }
    }

    /** Message i: to two people, cc one, one regular attachment on even i and an inline image on every third. */
    private static MessageData message(int i) {
        List<Attachment> attachments = new ArrayList<>();
        if (i % 2 == 0) {
            attachments.add(new Attachment("2", "report-" + i + ".pdf", "application/pdf", 1000 + i, null, false));
        }
        if (i % 3 == 0) {
            attachments.add(new Attachment("3", null, "image/png", 77, "img" + i + "@x", true));
        }
        return new MessageData("p" + i, "t" + (i / 10), Set.of("inbox", "label " + (i % 4)), i % 5 == 0,
                T0.minusSeconds(i), "m" + i + "@x.test", i > 0 ? "m" + (i - 1) + "@x.test" : null,
                i > 1 ? List.of("m0@x.test", "m" + (i - 1) + "@x.test") : List.of(), i == 7 ? SUBJECT : "Subject " + i,
                new Address("sender" + i + "@x.test", "Sender " + i),
                List.of(new Address("a@x.test", "A"), new Address("r" + i + "@y.test", null)),
                List.of(new Address("c@x.test", "C ç")), List.of(), "Snippet " + i, "Text body " + i + " ü",
                "<p>HTML " + i + "</p>", 2000 + i, attachments,
                Map.of("List-Id", "<list" + (i % 3) + ".x.test>", "Precedence", "bulk"), List.of());
    }

    private static MessageData sent(int i) {
        MessageData m = message(i);
        return new MessageData(m.providerId(), m.providerThreadId(), Set.of("sent"), true, m.receivedAt(),
                m.internetMessageId(), m.inReplyTo(), m.references(), m.subject(), m.from(), m.to(), m.cc(),
                List.of(new Address("hidden@z.test", "Hidden")), m.snippet(), m.textBody(), m.htmlBody(),
                m.sizeBytes(), m.attachments(), m.headers(), m.warnings());
    }

    private static MessageData withSubject(MessageData m, String subject) {
        return new MessageData(m.providerId(), m.providerThreadId(), m.folders(), m.read(), m.receivedAt(),
                m.internetMessageId(), m.inReplyTo(), m.references(), subject, m.from(), m.to(), m.cc(), m.bcc(),
                m.snippet(), m.textBody(), m.htmlBody(), m.sizeBytes(), m.attachments(), m.headers(), m.warnings());
    }

    private static MessageData bare(String providerId) {
        return new MessageData(providerId, null, null, false, null, null, null, null, null, null, null, null, null,
                null, null, null, 0, null, null, null);
    }

    private static List<MessageData> batch(int n) {
        return IntStream.range(0, n).mapToObj(JpaMessageStoreTest::message).toList();
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "p" + i).toList();
    }

    private static List<List<Object>> rows(TestDatabase db, String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof java.sql.Clob || v instanceof String ? rs.getString(i) : v);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        return ((Number) rows(db, sql).get(0).get(0)).longValue();
    }

    /** Every row of the message tables, in a stable order. */
    private static List<List<Object>> snapshot(TestDatabase db) throws Exception {
        List<List<Object>> all = new ArrayList<>();
        all.addAll(rows(db, "SELECT * FROM email_message ORDER BY connection_id, provider_id"));
        all.addAll(rows(db, "SELECT a.* FROM email_message_address a JOIN email_message m ON m.id = a.message_id"
                + " ORDER BY m.provider_id, a.kind, a.pos"));
        all.addAll(rows(db, "SELECT a.* FROM email_attachment a JOIN email_message m ON m.id = a.message_id"
                + " ORDER BY m.provider_id, a.part_id"));
        all.addAll(rows(db, "SELECT * FROM email_sync_state ORDER BY connection_id"));
        return all;
    }

    private static Map<String, Object> message(TestDatabase db, String providerId) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM email_message WHERE provider_id = '" + providerId
                        + "'")) {
            assertTrue(rs.next(), providerId);
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String name = rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
                out.put(name, name.endsWith("_at") ? (rs.getObject(i) == null ? null
                        : rs.getObject(i, java.time.OffsetDateTime.class).toInstant()) : rs.getObject(i) instanceof
                        java.sql.Clob || rs.getObject(i) instanceof String ? rs.getString(i) : rs.getObject(i));
            }
        }
        return out;
    }

    private static List<String> addresses(TestDatabase db, String providerId) throws Exception {
        return rows(db, "SELECT a.kind, a.pos, a.address, a.name FROM email_message_address a JOIN email_message m"
                + " ON m.id = a.message_id WHERE m.provider_id = '" + providerId + "' ORDER BY a.kind, a.pos").stream()
                .map(r -> r.get(0) + "/" + r.get(1) + "/" + r.get(2) + "/" + r.get(3)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void fiveHundredMessagesInOneBatchedTransactionRoundTrip(String kind) throws Exception {
        withStore(kind, env -> {
            List<MessageData> batch = new ArrayList<>(batch(499));
            batch.add(bare("p-bare"));
            env.log().clear();
            assertEquals(new ApplyResult(500, 0, 0), env.store().apply(env.conn(), batch, List.of(), List.of(),
                    "cursor-1"));
            // batched: a handful of INSERT statements for ~2,700 rows; one IN query, the two thread look-ups
            // (provider thread ids, referenced message ids) and the cursor look-up
            assertTrue(env.log().prepared("INSERT").size() <= 40, env.log().prepared("INSERT").toString());
            // + the two thread look-ups of the batch
            assertTrue(env.log().prepared("SELECT").size() <= 6, env.log().prepared("SELECT").toString());

            assertEquals(Set.copyOf(ids(0, 499)), env.store().known(env.conn(), ids(0, 499)));
            assertEquals("cursor-1", env.store().cursor(env.conn()).orElseThrow());
            // i % 5 == 0 are read; nothing is in sent
            assertEquals(new Counts(500, 500 - 100, 0), env.store().counts(env.conn()));
            assertEquals(new Counts(0, 0, 0), env.store().counts(env.other()));
            assertEquals(499 * 4, count(env.db(), "SELECT COUNT(*) FROM email_message_address"));
            assertEquals(250 + 167, count(env.db(), "SELECT COUNT(*) FROM email_attachment"));

            Map<String, Object> m = message(env.db(), "p7");
            assertEquals(SUBJECT, m.get("subject"));
            assertEquals(env.conn(), m.get("connection_id"));
            assertEquals("t0", m.get("provider_thread_id"));
            assertEquals("m7@x.test", m.get("internet_message_id"));
            assertEquals("m6@x.test", m.get("in_reply_to"));
            assertEquals("m0@x.test m6@x.test", m.get("references_ids"));
            assertEquals("sender7@x.test", m.get("from_address"));
            assertEquals("Sender 7", m.get("from_name"));
            assertEquals(T0.minusSeconds(7), m.get("received_at"));
            assertEquals("inbox\nlabel 3", m.get("folders"));
            assertEquals(false, m.get("is_read"));
            assertEquals(false, m.get("in_sent"));
            assertEquals("Snippet 7", m.get("snippet"));
            assertEquals("Text body 7 ü", m.get("text_body"));
            assertEquals("<p>HTML 7</p>", m.get("html_body"));
            assertEquals(2007L, ((Number) m.get("size_bytes")).longValue());
            assertEquals(false, m.get("has_attachments"));
            assertEquals(Map.of("list-id", "<list1.x.test>", "precedence", "bulk"),
                    MessageColumns.parseHeaders((String) m.get("headers")));
            assertNull(m.get("parse_warnings"));
            assertEquals(false, m.get("deleted"));
            assertEquals(T0.plusSeconds(1), m.get("created_at"));
            assertEquals(List.of("cc/0/c@x.test/C ç", "from/0/sender7@x.test/Sender 7", "to/0/a@x.test/A",
                    "to/1/r7@y.test/null"), addresses(env.db(), "p7"));
            assertEquals(List.of(List.of("2", "report-6.pdf", "application/pdf", 1006L, false),
                    List.of("3", "image/png", 77L, true, "img6@x")).toString(),
                    rows(env.db(), "SELECT a.part_id, a.filename, a.content_type, a.size_bytes, a.is_inline,"
                            + " a.content_id FROM email_attachment a JOIN email_message m ON m.id = a.message_id"
                            + " WHERE m.provider_id = 'p6' ORDER BY a.part_id").stream()
                            .map(r -> r.stream().filter(v -> v != null).map(v -> v instanceof Number n
                                    ? (Object) n.longValue() : v).toList()).toList().toString());
            assertEquals(true, message(env.db(), "p6").get("has_attachments"));
            assertEquals(false, message(env.db(), "p3").get("has_attachments"), "inline only");

            Map<String, Object> bare = message(env.db(), "p-bare");
            for (String column : List.of("provider_thread_id", "internet_message_id", "in_reply_to", "references_ids",
                    "subject", "from_address", "from_name", "received_at", "snippet", "text_body", "html_body",
                    "headers", "parse_warnings")) {
                assertNull(bare.get(column), column);
            }
            assertEquals("", bare.get("folders") == null ? "" : bare.get("folders"));
            assertEquals(List.of(), addresses(env.db(), "p-bare"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void reapplyingTheSameBatchChangesNothingAndOnlyRealChangesCount(String kind) throws Exception {
        withStore(kind, env -> {
            List<MessageData> batch = new ArrayList<>(batch(500));
            assertEquals(new ApplyResult(500, 0, 0), env.store().apply(env.conn(), batch, List.of(), List.of(),
                    "c1"));
            List<List<Object>> before = snapshot(env.db());
            env.log().clear();
            assertEquals(new ApplyResult(0, 0, 0), env.store().apply(env.conn(), batch, List.of(), List.of(), "c1"));
            // one IN query each for messages, addresses, attachments, plus the cursor row; no write at all
            // + the two thread look-ups of the batch
            assertTrue(env.log().prepared("SELECT").size() <= 6, env.log().prepared("SELECT").toString());
            assertEquals(List.of(), env.log().prepared("INSERT"));
            assertEquals(List.of(), env.log().prepared("UPDATE"));
            assertEquals(before, snapshot(env.db()));
            assertEquals(500, count(env.db(), "SELECT COUNT(*) FROM email_message"));

            // the same content with a nanosecond date is the same row (databases keep microseconds)
            MessageData m3 = message(3);
            MessageData nanos = new MessageData(m3.providerId(), m3.providerThreadId(), m3.folders(), m3.read(),
                    m3.receivedAt().plusNanos(1), m3.internetMessageId(), m3.inReplyTo(), m3.references(),
                    m3.subject(), m3.from(), m3.to(), m3.cc(), m3.bcc(), m3.snippet(), m3.textBody(), m3.htmlBody(),
                    m3.sizeBytes(), m3.attachments(), m3.headers(), m3.warnings());
            assertEquals(new ApplyResult(0, 0, 0), env.store().apply(env.conn(), List.of(nanos), List.of(),
                    List.of(), null));

            // a changed subject, a changed recipient, a dropped attachment: updated once each
            MessageData m4 = message(4);
            MessageData fewerAttachments = new MessageData(m4.providerId(), m4.providerThreadId(), m4.folders(),
                    m4.read(), m4.receivedAt(), m4.internetMessageId(), m4.inReplyTo(), m4.references(),
                    m4.subject(), m4.from(), List.of(new Address("a@x.test", "A")), m4.cc(), m4.bcc(), m4.snippet(),
                    m4.textBody(), m4.htmlBody(), m4.sizeBytes(), List.of(), m4.headers(), m4.warnings());
            assertEquals(new ApplyResult(1, 2, 0), env.store().apply(env.conn(), List.of(withSubject(message(1),
                    "Changed"), fewerAttachments, message(500)), List.of(), List.of(), null));
            assertEquals("Changed", message(env.db(), "p1").get("subject"));
            assertEquals(T0.plusSeconds(1), message(env.db(), "p1").get("updated_at"));
            assertEquals(List.of("cc/0/c@x.test/C ç", "from/0/sender4@x.test/Sender 4", "to/0/a@x.test/A"),
                    addresses(env.db(), "p4"));
            assertEquals(0, count(env.db(), "SELECT COUNT(*) FROM email_attachment a JOIN email_message m"
                    + " ON m.id = a.message_id WHERE m.provider_id = 'p4'"));
            assertEquals(false, message(env.db(), "p4").get("has_attachments"));
            // the same message twice in a batch: the last one wins, one row
            assertEquals(new ApplyResult(1, 0, 0), env.store().apply(env.conn(), List.of(withSubject(message(501),
                    "first"), withSubject(message(501), "second")), List.of(), List.of(), null));
            assertEquals("second", message(env.db(), "p501").get("subject"));
            // the same provider id on another connection is another message
            assertEquals(new ApplyResult(1, 0, 0), env.store().apply(env.other(), List.of(message(1)), List.of(),
                    List.of(), null));
            assertEquals(503, count(env.db(), "SELECT COUNT(*) FROM email_message"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void stateChangesAndDeletionsShowInCountsAndKnown(String kind) throws Exception {
        withStore(kind, env -> {
            List<MessageData> batch = new ArrayList<>(batch(20));
            batch.add(sent(20));
            batch.add(sent(21));
            env.store().apply(env.conn(), batch, List.of(), List.of(), null);
            // 0, 5, 10, 15 and the two sent ones are read
            assertEquals(new Counts(22, 16, 2), env.store().counts(env.conn()));

            List<MessageState> states = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                states.add(new MessageState("p" + i, null, true));
            }
            states.add(new MessageState("p21", Set.of("Inbox"), false));
            states.add(new MessageState("unknown", Set.of("inbox"), true));
            // 16 were unread; the sent one moved to the inbox unread; the unknown id is ignored
            assertEquals(new ApplyResult(0, 17, 0), env.store().apply(env.conn(), List.of(), states, List.of(),
                    null));
            assertEquals(new Counts(22, 1, 1), env.store().counts(env.conn()));
            assertEquals("inbox", message(env.db(), "p21").get("folders"));
            assertEquals("inbox\nlabel 1", message(env.db(), "p1").get("folders"), "null folders keep them");
            assertEquals(new ApplyResult(0, 0, 0), env.store().apply(env.conn(), List.of(), states, List.of(),
                    null), "same states again");
            assertEquals(new ApplyResult(0, 1, 0), env.store().apply(env.conn(), List.of(),
                    List.of(new MessageState("p2", Set.of("inbox", "sent"), true)), List.of(), null));
            assertEquals(new Counts(22, 1, 2), env.store().counts(env.conn()));

            assertEquals(new ApplyResult(0, 0, 3), env.store().apply(env.conn(), List.of(), List.of(),
                    List.of("p1", "p2", "p21", "gone-anyway"), null));
            assertEquals(new Counts(19, 0, 1), env.store().counts(env.conn()));
            assertEquals(Set.of("p0", "p3"), env.store().known(env.conn(), List.of("p0", "p1", "p2", "p3", "p21")));
            assertEquals(new ApplyResult(0, 0, 0), env.store().apply(env.conn(), List.of(),
                    List.of(new MessageState("p1", Set.of("trash"), false)), List.of("p1"), null),
                    "deleted rows take no state and are deleted once");
            assertEquals(true, message(env.db(), "p1").get("is_read"));
            // rows and attachments are kept
            assertEquals(22, count(env.db(), "SELECT COUNT(*) FROM email_message"));
            assertEquals(1, count(env.db(), "SELECT COUNT(*) FROM email_attachment a JOIN email_message m"
                    + " ON m.id = a.message_id WHERE m.provider_id = 'p2'"));

            // a later upsert brings it back (same row), with the upsert's state
            Object id = message(env.db(), "p2").get("id");
            assertEquals(new ApplyResult(0, 1, 0), env.store().apply(env.conn(), List.of(message(2)), List.of(),
                    List.of(), null));
            assertEquals(id, message(env.db(), "p2").get("id"));
            assertEquals(Set.of("p2"), env.store().known(env.conn(), List.of("p2")));
            assertEquals(new Counts(20, 1, 1), env.store().counts(env.conn()));
            // upsert, state and deletion of one message in one batch apply in that order
            assertEquals(new ApplyResult(1, 0, 1), env.store().apply(env.conn(), List.of(message(30)),
                    List.of(new MessageState("p30", Set.of("inbox"), true)), List.of("p30"), null));
            assertEquals(true, message(env.db(), "p30").get("is_read"));
            assertEquals(Set.of(), env.store().known(env.conn(), List.of("p30")));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theCursorMovesOnlyWithTheRowsItCovers(String kind) throws Exception {
        withStore(kind, env -> {
            assertTrue(env.store().cursor(env.conn()).isEmpty());
            env.store().apply(env.conn(), batch(10), List.of(), List.of(), "c1");
            assertEquals("c1", env.store().cursor(env.conn()).orElseThrow());
            List<List<Object>> before = snapshot(env.db());

            // the database refuses one message in the middle of the batch (as a failing disk or a bug would)
            try (Connection c = env.db().dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE email_message ADD CONSTRAINT ck_test_poison CHECK (subject <> 'poison')");
            }
            List<MessageData> failing = new ArrayList<>(batch(300).subList(10, 300));
            failing.add(150, withSubject(message(999), "poison"));
            assertThrows(RuntimeException.class, () -> env.store().apply(env.conn(), failing,
                    List.of(new MessageState("p1", Set.of("archive"), true)), List.of("p2"), "c2"));
            assertEquals("c1", env.store().cursor(env.conn()).orElseThrow());
            assertEquals(before, snapshot(env.db()));
            assertEquals(new Counts(10, 8, 0), env.store().counts(env.conn()));

            // a batch of a connection that does not exist: nothing at all is stored
            assertThrows(RuntimeException.class, () -> env.store().apply("no-such-connection", batch(5), List.of(),
                    List.of(), "x1"));
            assertTrue(env.store().cursor("no-such-connection").isEmpty());
            assertEquals(before, snapshot(env.db()));

            // a cursor-only apply (an empty delta page) moves it; null keeps it
            assertEquals(new ApplyResult(0, 0, 0), env.store().apply(env.conn(), List.of(), List.of(), List.of(),
                    "c3"));
            env.store().apply(env.conn(), List.of(message(10)), List.of(), List.of(), null);
            assertEquals("c3", env.store().cursor(env.conn()).orElseThrow());
            assertThrows(IllegalArgumentException.class, () -> env.store().apply(env.conn(), List.of(message(11)),
                    List.of(), List.of(), "x".repeat(8001)));
            assertEquals(Set.of(), env.store().known(env.conn(), List.of("p11")));

            env.store().resetCursor(env.conn());
            assertTrue(env.store().cursor(env.conn()).isEmpty());
            assertEquals(11, env.store().counts(env.conn()).messages(), "messages survive a reset");
            env.store().resetCursor(env.other());
            assertTrue(env.store().cursor(env.other()).isEmpty());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void overLongValuesAreCutNeverFailingTheBatch(String kind) throws Exception {
        withStore(kind, env -> {
            List<Address> crowd = IntStream.range(0, 520).mapToObj(i -> new Address("Person" + i + "@Crowd.test",
                    "N".repeat(400))).toList();
            List<String> references = IntStream.range(0, 300).mapToObj(i -> "ref-" + i + "-" + "r".repeat(20)
                    + "@x.test").toList();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Long", "h".repeat(3990));
            headers.put("Auto-Submitted", "auto-replied\r\n folded");
            String subject = "s".repeat(999) + "😀" + "tail";
            MessageData big = new MessageData("p-big", "t".repeat(300), Set.of("inbox", "f".repeat(600)), false, T0,
                    "i".repeat(600), null, references, subject, new Address("x".repeat(400) + "@x.test", null),
                    crowd, List.of(), List.of(), "snip\0pet " + "n".repeat(600), "text with \0 NUL", null, 5,
                    List.of(new Attachment("1", "a.txt", "text/plain", 1, null, false),
                            new Attachment("1", "dup.txt", "text/plain", 2, null, false),
                            new Attachment(null, "nopart.txt", "text/plain", 3, null, false)),
                    headers, IntStream.range(0, 100).mapToObj(i -> "warning " + i + " " + "w".repeat(30)).toList());
            assertEquals(new ApplyResult(1, 0, 0), env.store().apply(env.conn(), List.of(big), List.of(), List.of(),
                    null));
            Map<String, Object> m = message(env.db(), "p-big");
            String storedSubject = (String) m.get("subject");
            assertEquals(999, storedSubject.length(), "the emoji at the limit is not split");
            assertEquals(200, ((String) m.get("provider_thread_id")).length());
            assertEquals(500, ((String) m.get("internet_message_id")).length());
            assertEquals(320, ((String) m.get("from_address")).length());
            assertEquals("inbox", m.get("folders"));
            String refs = (String) m.get("references_ids");
            assertTrue(refs.length() <= 4000, String.valueOf(refs.length()));
            assertTrue(refs.startsWith(references.get(0) + " "), "the thread root is kept");
            assertTrue(refs.endsWith(" " + references.get(299)), "the parent is kept");
            assertEquals(500, ((String) m.get("snippet")).length());
            assertFalse(((String) m.get("snippet")).contains("\0"));
            assertEquals("text with  NUL", m.get("text_body"));
            Map<String, String> h = MessageColumns.parseHeaders((String) m.get("headers"));
            assertEquals("auto-replied   folded", h.get("auto-submitted"));
            assertFalse(h.containsKey("x-long"), "a header that does not fit is dropped whole");
            assertTrue(((String) m.get("parse_warnings")).length() <= 2000);
            assertTrue(((String) m.get("parse_warnings")).startsWith("warning 0 "));

            List<String> to = addresses(env.db(), "p-big").stream().filter(a -> a.startsWith("to/")).toList();
            assertEquals(MessageColumns.ADDRESSES_PER_KIND, to.size());
            assertEquals("to/0/person0@crowd.test/" + "N".repeat(300), to.get(0));
            // a repeated or missing part id gets its position, so both attachments are kept
            assertEquals(List.of("#1", "#2", "1"), rows(env.db(), "SELECT part_id FROM email_attachment ORDER BY part_id")
                    .stream().map(r -> r.get(0)).toList());
            // and it is stable: applying it again changes nothing
            assertEquals(new ApplyResult(0, 0, 0), env.store().apply(env.conn(), List.of(big), List.of(), List.of(),
                    null));
            String longId = "q".repeat(250);
            assertEquals(new ApplyResult(1, 0, 0), env.store().apply(env.conn(), List.of(bare(longId)), List.of(),
                    List.of(), null));
            assertEquals(Set.of(longId), env.store().known(env.conn(), List.of(longId)));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void knownAsksInChunksOfFiveHundred(String kind) throws Exception {
        withStore(kind, env -> {
            assertEquals(new ApplyResult(1200, 0, 0), env.store().apply(env.conn(), batch(1200), List.of(),
                    List.of(), null));
            assertEquals(new ApplyResult(0, 0, 3), env.store().apply(env.conn(), List.of(), List.of(),
                    List.of("p0", "p600", "p1199"), null));
            List<String> asked = new ArrayList<>(ids(0, 1200));
            asked.addAll(ids(5000, 5100));
            env.log().clear();
            Set<String> known = env.store().known(env.conn(), asked);
            assertEquals(3, env.log().prepared("SELECT").size(), env.log().prepared("SELECT").toString());
            Set<String> expected = new HashSet<>(ids(0, 1200));
            expected.removeAll(List.of("p0", "p600", "p1199"));
            assertEquals(expected, known);
            assertEquals(Set.of(), env.store().known(env.other(), asked));
            assertEquals(Set.of(), env.store().known(env.conn(), List.of()));
            assertNotEquals(0, env.store().counts(env.conn()).messages());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void reconcileAfterReListMarksOnlyUnseenMessagesOfTheWindowDeletedAndStoresTheCursor(String kind)
            throws Exception {
        withStore(kind, env -> {
            // p0..p9 received T0 - i seconds; the window starts at T0 - 5 s, so p0..p5 are inside it
            env.store().apply(env.conn(), batch(10), List.of(), List.of(), "old");
            env.store().apply(env.other(), batch(10), List.of(), List.of(), null);
            int gone = env.store().reconcile(env.conn(), T0.minusSeconds(5), List.of("p0", "p2", "p4", "p5"), "new");
            assertEquals(2, gone, "p1 and p3 are in the window and were not listed again");
            assertEquals(Set.of("p0", "p2", "p4", "p5", "p6", "p7", "p8", "p9"),
                    env.store().known(env.conn(), ids(0, 10)), "older mail outside the window is kept");
            assertEquals("new", env.store().cursor(env.conn()).orElseThrow());
            assertEquals(10, env.store().known(env.other(), ids(0, 10)).size(), "other mailboxes untouched");
            assertEquals(0, env.store().reconcile(env.conn(), T0.minusSeconds(5), List.of("p0", "p2", "p4", "p5"),
                    null), "a second reconcile finds nothing more");
        });
    }

    @Test
    void aBulkImportOnPostgresqlAnalyzesTheMessageTablesEachTimeTheyDoubled() throws Exception {
        onPostgresql((db, emf, conn) -> {
            Tx tx = new Tx(emf);
            JpaMessageStore store = new JpaMessageStore(tx, Clock.systemUTC(), new BulkStatistics(true));
            assertEquals(0, analyzeCount(db), "never analyzed before the import");
            store.apply(conn, pageOf(0, 40), List.of(), List.of(), null);
            assertEquals(0, analyzeCount(db), "40 rows: below autovacuum's 50");
            // inside a larger transaction the import only counts; the analyze follows its commit
            tx.call(em -> store.apply(conn, pageOf(40, 40), List.of(), List.of(), null));
            assertEquals(0, analyzeCount(db), "not inside the importing transaction");
            store.committed();
            assertEquals(1, analyzeCount(db), "80 rows since the last analyze");
            long rowsSeen = reltuples(db);
            assertEquals(80, rowsSeen, "the planner now knows the rows");
            store.apply(conn, pageOf(80, 40), List.of(), List.of(), null);
            store.apply(conn, pageOf(120, 40), List.of(), List.of(), null);
            store.apply(conn, pageOf(160, 40), List.of(), List.of(), null);
            assertEquals(1, analyzeCount(db), "120 rows: not above 50 + the 80 of the last analyze");
            store.apply(conn, pageOf(200, 40), List.of(), List.of(), null);
            assertEquals(2, analyzeCount(db), "160 rows since: the table more than doubled");
            assertEquals(240, reltuples(db));
        });
        try (TestDatabase h2 = TestDatabase.open("h2")) {
            // on H2 nothing is analyzed (and nothing fails)
            assertEquals("h2", h2.kind());
        }
    }

    @Test
    void onPostgresqlAnImportCommitsWithoutWaitingForTheDiskFlushAndOnlyThatTransaction() throws Exception {
        onPostgresql((db, emf, conn) -> {
            Tx tx = new Tx(emf);
            JpaMessageStore store = new JpaMessageStore(tx, Clock.systemUTC(), new BulkStatistics(true), true);
            Object inside = tx.call(em -> {
                store.apply(conn, pageOf(0, 5), List.of(), List.of(), "c1");
                return em.createNativeQuery("SHOW synchronous_commit").getSingleResult();
            });
            assertEquals("off", inside, "the import's transaction does not wait for the flush");
            assertEquals("on", tx.call(em -> em.createNativeQuery("SHOW synchronous_commit").getSingleResult()),
                    "the next transaction on the pooled connection is durable again");
            assertEquals(5, store.counts(conn).messages(), "the rows are committed");
            assertEquals(Optional.of("c1"), store.cursor(conn), "with their cursor");
        });
    }

    /** A test on a migrated PostgreSQL database with one connection. */
    @FunctionalInterface
    private interface OnPostgresql {
        void run(TestDatabase db, EntityManagerFactory emf, String connectionId) throws Exception;
    }

    private static void onPostgresql(OnPostgresql body) throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            new Migrations(db.dataSource(), "db/changelog/workestra-email.xml",
                    JpaMessageStoreTest.class.getClassLoader()).update();
            EntityManagerFactory emf = PersistenceUnitFactory.create(db.dataSource(), JpaStore.ENTITIES);
            try {
                body.run(db, emf, connection(emf));
            } finally {
                emf.close();
            }
        }
    }

    private static String connection(EntityManagerFactory emf) throws Exception {
        TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(new byte[32]),
                "k1"));
        return new JpaConnectionStore(new Tx(emf), new VaultSealer(vault)).connect(new NewConnection("ws", "u1",
                "gmail", "a@x.test", "a@x.test", "A", "personal", null), null, T0).id();
    }

    private static List<MessageData> pageOf(int from, int n) {
        List<MessageData> page = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            page.add(message(i));
        }
        return page;
    }

    private static long analyzeCount(TestDatabase db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT analyze_count FROM pg_stat_user_tables WHERE schemaname ="
                        + " current_schema() AND relname = 'email_message'")) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    private static long reltuples(TestDatabase db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT reltuples FROM pg_class WHERE oid = 'email_message'::regclass")) {
            r.next();
            return r.getLong(1);
        }
    }
}
