package com.workestra.email.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.InboxStore.FeedItem;
import com.workestra.email.store.InboxStore.FeedPage;
import com.workestra.email.store.InboxStore.FeedQuery;
import com.workestra.email.store.InboxStore.NewNotification;
import com.workestra.email.store.InboxStore.StoredMessage;
import com.workestra.email.store.InboxStore.Tab;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageData.Address;
import com.workestra.email.store.MessageState;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.ReadStateOutbox.PendingRead;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.migrate.Migrations;
import com.workestra.email.store.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Threading at ingest, the inbox feed (keyset pages, tabs, search), message views and the read-state outbox. */
class InboxStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private record Env(JpaMessageStore messages, JdbcInboxStore inbox, JdbcReadOutbox outbox, String mine,
            String mine2, String theirs, TestDatabase db, JpaConnectionStore connections) {
    }

    private interface Body {
        void run(Env env) throws Exception;
    }

    private static void withStore(String kind, Body body) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            new Migrations(db.dataSource(), "db/changelog/workestra-email.xml",
                    InboxStoreTest.class.getClassLoader()).update();
            EntityManagerFactory emf = PersistenceUnitFactory.create(db.dataSource(), JpaStore.ENTITIES);
            try {
                TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(
                        new byte[32]), "k1"));
                JpaConnectionStore connections = new JpaConnectionStore(new Tx(emf), new VaultSealer(vault));
                String a = connections.connect(new NewConnection("ws", "u1", "gmail", "a@x.test", "a@x.test", "A",
                        "personal", null), null, T0).id();
                String b = connections.connect(new NewConnection("ws", "u1", "outlook", "b@x.test", "b@x.test", "B",
                        "personal", null), null, T0).id();
                String c = connections.connect(new NewConnection("ws", "u2", "gmail", "c@x.test", "c@x.test", "C",
                        "personal", null), null, T0).id();
                body.run(new Env(new JpaMessageStore(new Tx(emf)), new JdbcInboxStore(db.dataSource()),
                        new JdbcReadOutbox(db.dataSource()), a, b, c, db, connections));
            } finally {
                emf.close();
            }
        }
    }

    private static MessageData msg(String providerId, String thread, Instant at, String messageId, String inReplyTo,
            List<String> refs, String subject, String from, String to, String text, boolean read) {
        return new MessageData(providerId, thread, Set.of("inbox"), read, at, messageId, inReplyTo, refs, subject,
                new Address(from, "Sender " + from), List.of(new Address(to, "Recipient")), List.of(), List.of(),
                text, text, "<p>" + text + "</p>", 100, List.of(), Map.of("List-Id", "<l.x.test>"), List.of());
    }

    private static MessageData simple(String providerId, Instant at) {
        return msg(providerId, null, at, providerId + "@x.test", null, List.of(), "Subject " + providerId,
                "s@x.test", "a@x.test", "body " + providerId, false);
    }

    private static FeedQuery query(Tab tab, String text, String cursor, int limit) {
        return new FeedQuery("ws", "u1", tab, null, null, text, cursor, limit);
    }

    private static String threadOf(Env env, String providerId) throws Exception {
        try (Connection c = env.db().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT thread_id FROM email_message WHERE provider_id = ?")) {
            ps.setString(1, providerId);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next(), providerId);
                return rs.getString(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void threadsByProviderThreadThenReferencesElseNew(String kind) throws Exception {
        withStore(kind, env -> {
            env.messages().apply(env.mine(), List.of(
                    msg("p1", "T1", T0, "root@x", null, List.of(), "Root", "s@x.test", "a@x.test", "root", true),
                    // same provider thread, same batch
                    msg("p2", "T1", T0.plusSeconds(1), "r1@x", null, List.of(), "Re", "s@x.test", "a@x.test", "r",
                            true)), List.of(), List.of(), null);
            // later batch: other provider thread id, but In-Reply-To names p2
            env.messages().apply(env.mine(), List.of(
                    msg("p3", "OTHER", T0.plusSeconds(2), "r2@x", "r1@x", List.of("root@x", "r1@x"), "Re", "s@x.test",
                            "a@x.test", "r2", false),
                    // only References (no In-Reply-To) names the root
                    msg("p4", null, T0.plusSeconds(3), "r3@x", null, List.of("root@x"), "Re", "s@x.test", "a@x.test",
                            "r3", false),
                    // joins provider thread OTHER, which is now the first thread
                    msg("p5", "OTHER", T0.plusSeconds(4), "r4@x", "unknown@x", List.of(), "Re", "s@x.test",
                            "a@x.test", "r4", false),
                    msg("p6", "T9", T0.plusSeconds(5), "lonely@x", "unknown@x", List.of(), "New", "s@x.test",
                            "a@x.test", "n", false)), List.of(), List.of(), null);
            // the same provider thread in another connection is another thread
            env.messages().apply(env.theirs(), List.of(msg("q1", "T1", T0, "root@x", null, List.of(), "Root",
                    "s@x.test", "c@x.test", "x", true)), List.of(), List.of(), null);
            String t = threadOf(env, "p1");
            for (String p : List.of("p2", "p3", "p4", "p5")) {
                assertEquals(t, threadOf(env, p), p);
            }
            assertNotEquals(t, threadOf(env, "p6"));
            assertNotEquals(t, threadOf(env, "q1"));
            // an update of a message keeps its thread
            env.messages().apply(env.mine(), List.of(msg("p6", "T1", T0.plusSeconds(5), "lonely@x", null, List.of(),
                    "Changed", "s@x.test", "a@x.test", "n", false)), List.of(), List.of(), null);
            assertNotEquals(t, threadOf(env, "p6"));

            List<StoredMessage> thread = env.inbox().thread("ws", "u1", t);
            assertEquals(List.of("p1", "p2", "p3", "p4", "p5").size(), thread.size());
            assertEquals("Root", thread.get(0).subject());
            assertTrue(env.inbox().thread("ws", "u2", t).isEmpty(), "not the other user's thread");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void feedPagesWithoutGapOrDuplicateWhileMailArrives(String kind) throws Exception {
        withStore(kind, env -> {
            List<MessageData> batch = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                // pairs share a timestamp: the id breaks the tie
                batch.add(simple("m" + i, T0.minusSeconds(i / 2)));
            }
            env.messages().apply(env.mine(), batch.subList(0, 20), List.of(), List.of(), null);
            env.messages().apply(env.mine2(), batch.subList(20, 30), List.of(), List.of(), null);
            env.messages().apply(env.theirs(), List.of(simple("x1", T0)), List.of(), List.of(), null);
            env.inbox().notify(new NewNotification("ws", "u1", "mention", "crm", "You were mentioned", "hi", "deal:1",
                    "u2"), T0.minusSeconds(3));
            env.inbox().notify(new NewNotification("ws", "u2", "mention", "crm", "Not yours", null, "deal:1", "u1"),
                    T0);

            Set<String> seen = new HashSet<>();
            List<String> order = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                FeedPage page = env.inbox().feed(query(Tab.ALL, null, cursor, 7));
                for (FeedItem item : page.items()) {
                    assertTrue(seen.add(item.id()), "duplicate " + item.id());
                    order.add(item.id());
                }
                if (pages == 0) {
                    // new mail (newer than everything) and a notification arrive while the user pages
                    env.messages().apply(env.mine(), List.of(simple("new1", T0.plusSeconds(60))), List.of(),
                            List.of(), null);
                    env.inbox().notify(new NewNotification("ws", "u1", "assigned", "support", "Ticket", null, "t:1",
                            "u2"), T0.plusSeconds(61));
                }
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);
            assertEquals(31, seen.size(), "30 messages and one notification, nothing of u2, nothing new");
            assertEquals(5, pages);
            assertFalse(seen.contains("new1"));

            FeedPage first = env.inbox().feed(query(Tab.ALL, null, null, 3));
            assertEquals("notification", first.items().get(0).type());
            assertEquals("email", first.items().get(1).type());
            assertEquals("Subject new1", first.items().get(1).subject());
            assertEquals("a@x.test", first.items().get(1).to().get(0).address());
            assertEquals(List.of(), first.items().get(1).links());

            assertThrows(IllegalArgumentException.class, () -> env.inbox().feed(query(Tab.ALL, null, "bogus!", 5)));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void tabsConnectionFilterAndSearch(String kind) throws Exception {
        withStore(kind, env -> {
            env.messages().apply(env.mine(), List.of(
                    msg("a1", "t1", T0, "a1@x", null, List.of(), "Quarterly invoice", "billing@acme.test",
                            "a@x.test", "Please pay the amount due", false),
                    msg("a2", "t2", T0.minusSeconds(10), "a2@x", null, List.of(), "Lunch", "friend@pals.test",
                            "a@x.test", "Pizza tomorrow?", true)), List.of(), List.of(), null);
            env.messages().apply(env.mine2(), List.of(
                    msg("b1", "t3", T0.minusSeconds(20), "b1@x", null, List.of(), "Hello", "zed@zulu.test",
                            "candidate.person@jobs.test", "Application for the role", false)),
                    List.of(), List.of(), null);
            env.messages().apply(env.theirs(), List.of(msg("c1", "t4", T0, "c1@x", null, List.of(), "invoice", "s@x",
                    "c@x.test", "invoice", false)), List.of(), List.of(), null);
            String b1 = env.inbox().feed(new FeedQuery("ws", "u1", Tab.EMAILS, null, env.mine2(), null, null, 10))
                    .items().get(0).id();
            try (Connection c = env.db().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO email_link (message_id, workspace_id, module, object_type, object_id, source,"
                    + " created_at) VALUES (?, 'ws', 'recruiting', 'candidate', 'cand-1', 'address', ?)")) {
                ps.setString(1, b1);
                ps.setObject(2, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
                ps.executeUpdate();
            }
            env.inbox().notify(new NewNotification("ws", "u1", "mention", "crm", "Mentioned", null, "deal:1", "u2"),
                    T0.minusSeconds(5));
            env.inbox().notify(new NewNotification("ws", "u1", "assigned", "support", "Assigned", null, "t:1", "u2"),
                    T0.minusSeconds(6));

            assertEquals(List.of("Quarterly invoice", "Mentioned", "Assigned", "Lunch", "Hello"),
                    subjects(env, query(Tab.ALL, null, null, 20)));
            assertEquals(List.of("Quarterly invoice", "Mentioned", "Assigned", "Hello"),
                    subjects(env, query(Tab.UNREAD, null, null, 20)));
            assertEquals(List.of("Quarterly invoice", "Lunch", "Hello"), subjects(env, query(Tab.EMAILS, null, null,
                    20)));
            assertEquals(List.of("Mentioned"), subjects(env, query(Tab.MENTIONS, null, null, 20)));
            assertEquals(List.of("Assigned"), subjects(env, query(Tab.ASSIGNED, null, null, 20)));
            FeedPage recruiting = env.inbox().feed(new FeedQuery("ws", "u1", Tab.MODULE, "recruiting", null, null,
                    null, 20));
            assertEquals(List.of("Hello"), recruiting.items().stream().map(FeedItem::subject).toList());
            assertEquals("cand-1", recruiting.items().get(0).links().get(0).objectId());
            assertEquals(List.of(), subjects(env, new FeedQuery("ws", "u1", Tab.MODULE, "crm", null, null, null,
                    20)));
            assertEquals(List.of("Lunch"), subjects(env, new FeedQuery("ws", "u1", Tab.ALL, null, env.mine(), null,
                    null, 20)).subList(1, 2));

            // search: subject, body text, sender, recipient address; never another user's mail
            assertSearches(env);
            if (kind.equals("postgresql")) {
                // rows arrive without a search vector: the searches above matched them on a vector computed on the
                // fly; the indexer fills the stored vectors, and the same searches match them through the index
                assertEquals(4, count(env, "SELECT COUNT(*) FROM email_message WHERE search_tsv IS NULL"));
                SearchIndexer indexer = new SearchIndexer(env.db().dataSource());
                assertEquals(3, indexer.indexBatch(3));
                indexer.run();
                assertEquals(0, count(env, "SELECT COUNT(*) FROM email_message WHERE search_tsv IS NULL"));
                assertEquals(0, indexer.indexBatch(SearchIndexer.BATCH));
                assertSearches(env);
            }
        });
    }

    private static void assertSearches(Env env) throws Exception {
        assertEquals(List.of("Quarterly invoice"), subjects(env, query(Tab.EMAILS, "invoice", null, 20)));
        assertEquals(List.of("Lunch"), subjects(env, query(Tab.EMAILS, "pizza", null, 20)));
        assertEquals(List.of("Hello"), subjects(env, query(Tab.EMAILS, "application role", null, 20)));
        assertEquals(List.of("Quarterly invoice"), subjects(env, query(Tab.EMAILS, "billing@acme.test", null,
                20)));
        assertEquals(List.of("Hello"), subjects(env, query(Tab.EMAILS, "candidate.person@jobs.test", null, 20)));
        assertEquals(List.of(), subjects(env, query(Tab.EMAILS, "nothingmatches", null, 20)));
        assertEquals(List.of(), subjects(env, query(Tab.EMAILS, "' & | ! :* ( )", null, 20)));
        assertEquals(List.of("Mentioned"), subjects(env, query(Tab.MENTIONS, "mention", null, 20)));
    }

    private static long count(Env env, String sql) throws Exception {
        try (Connection c = env.db().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                java.sql.ResultSet r = ps.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void ownAddressesAreTheUsersActiveConnections(String kind) throws Exception {
        withStore(kind, env -> {
            String shared = env.connections().connect(new NewConnection("ws", "u1", "outlook", "shared-1",
                    "Team@X.test", "Team", "shared", env.mine2()), null, T0.plusSeconds(1)).id();
            env.connections().connect(new NewConnection("other-ws", "u1", "gmail", "d@x.test", "d@x.test", "D",
                    "personal", null), null, T0);

            assertEquals(Map.of(env.mine(), "a@x.test", env.mine2(), "b@x.test", shared, "team@x.test"),
                    env.inbox().ownAddresses("ws", "u1"), "every active connection, lower-case");
            assertEquals(shared, List.copyOf(env.inbox().ownAddresses("ws", "u1").keySet()).get(2),
                    "oldest first: the shared mailbox came last");
            assertEquals(Map.of(env.theirs(), "c@x.test"), env.inbox().ownAddresses("ws", "u2"));

            env.connections().disconnect(env.mine2(), T0.plusSeconds(5));
            assertEquals(Map.of(env.mine(), "a@x.test", shared, "team@x.test"),
                    env.inbox().ownAddresses("ws", "u1"), "a disconnected mailbox is no longer the user's");
            assertEquals(Map.of(), env.inbox().ownAddresses("ws", "nobody"));
        });
    }

    private static List<String> subjects(Env env, FeedQuery q) {
        return env.inbox().feed(q).items().stream().map(FeedItem::subject).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void readStateAppliesLocallyAndQueuesOneChangePerMessage(String kind) throws Exception {
        withStore(kind, env -> {
            env.messages().apply(env.mine(), List.of(simple("r1", T0), simple("r2", T0.minusSeconds(1))), List.of(),
                    List.of(), null);
            env.messages().apply(env.theirs(), List.of(simple("x1", T0)), List.of(), List.of(), null);
            String r1 = env.inbox().feed(query(Tab.EMAILS, null, null, 10)).items().get(0).id();
            String r2 = env.inbox().feed(query(Tab.EMAILS, null, null, 10)).items().get(1).id();
            String x1 = env.inbox().feed(new FeedQuery("ws", "u2", Tab.EMAILS, null, null, null, null, 10)).items()
                    .get(0).id();
            assertFalse(env.inbox().markRead("ws", "u1", x1, true, T0), "not mine");
            assertTrue(env.inbox().message("ws", "u1", x1).isEmpty());

            assertTrue(env.inbox().markRead("ws", "u1", r1, true, T0));
            assertTrue(env.inbox().message("ws", "u1", r1).orElseThrow().read(), "applied locally at once");
            // a second click supersedes the first: only the last state is pushed
            assertTrue(env.inbox().markRead("ws", "u1", r1, false, T0.plusSeconds(1)));
            assertTrue(env.inbox().markRead("ws", "u1", r2, true, T0.plusSeconds(1)));
            List<PendingRead> claimed = env.outbox().claimDue(T0.plusSeconds(2), T0.plusSeconds(60), 10);
            assertEquals(2, claimed.size());
            PendingRead forR1 = claimed.stream().filter(p -> p.messageId().equals(r1)).findFirst().orElseThrow();
            assertFalse(forR1.read());
            assertEquals("r1", forR1.providerId());
            assertEquals(env.mine(), forR1.connectionId());
            // claimed rows are leased: nobody else gets them until the lease ends
            assertEquals(List.of(), env.outbox().claimDue(T0.plusSeconds(3), T0.plusSeconds(60), 10));
            env.outbox().done(forR1.id(), T0.plusSeconds(3));
            PendingRead forR2 = claimed.stream().filter(p -> p.messageId().equals(r2)).findFirst().orElseThrow();
            env.outbox().retry(forR2.id(), T0.plusSeconds(10), "rate_limited", T0.plusSeconds(3));
            assertEquals(List.of(), env.outbox().claimDue(T0.plusSeconds(9), T0.plusSeconds(60), 10));
            assertEquals(1, env.outbox().claimDue(T0.plusSeconds(10), T0.plusSeconds(60), 10).get(0).attempts());

            // the provider marked r2 unread meanwhile (arrives by sync): the stale "read" row is dropped, not pushed
            env.outbox().retry(forR2.id(), T0.plusSeconds(70), "transient", T0.plusSeconds(11));
            env.messages().apply(env.mine(), List.of(), List.of(new MessageState("r2", null, false)), List.of(),
                    null);
            assertEquals(List.of(), env.outbox().claimDue(T0.plusSeconds(80), T0.plusSeconds(140), 10));
            assertFalse(env.inbox().message("ws", "u1", r2).orElseThrow().read(), "the provider's state stays");
            assertNull(env.inbox().feed(query(Tab.EMAILS, null, null, 10)).nextCursor());
        });
    }
}
