package com.workestra.email.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.BackfillRecord;
import com.workestra.email.store.BackfillStore;
import com.workestra.email.store.BackfillStore.Slice;
import com.workestra.email.store.JobCursors;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.migrate.Migrations;
import com.workestra.email.store.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Backfill jobs (state machine, slices with their position) and mailbox leases, on H2 and PostgreSQL. */
class SyncJobsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private record Env(JpaBackfillStore jobs, JpaMessageStore messages, Tx tx, EntityManagerFactory emf,
            String conn, TestDatabase db) {

        LeaseClaim leases(String node) {
            return new LeaseClaim(tx, node, "postgresql".equals(db.kind()));
        }
    }

    private interface Body {
        void run(Env env) throws Exception;
    }

    private static void with(String kind, Body body) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            new Migrations(db.dataSource(), "db/changelog/workestra-email.xml",
                    SyncJobsTest.class.getClassLoader()).update();
            EntityManagerFactory emf = PersistenceUnitFactory.create(db.dataSource(), JpaStore.ENTITIES);
            try {
                TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(
                        new byte[32]), "k1"));
                Tx tx = new Tx(emf);
                String conn = new JpaConnectionStore(tx, new VaultSealer(vault)).connect(new NewConnection("ws",
                        "u1", "gmail", "a@x.test", "a@x.test", "A", "personal", null), null, T0).id();
                JpaMessageStore messages = new JpaMessageStore(tx);
                body.run(new Env(new JpaBackfillStore(tx, messages), messages, tx, emf, conn, db));
            } finally {
                emf.close();
            }
        }
    }

    private static MessageData message(int i) {
        return new MessageData("p" + i, null, Set.of("inbox"), false, T0.minusSeconds(i), null, null, null,
                "Subject " + i, null, List.of(), List.of(), List.of(), null, "text", null, 10, List.of(), null,
                null);
    }

    private static List<MessageData> messages(int from, int to) {
        return IntStream.range(from, to).mapToObj(SyncJobsTest::message).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void stateMachineAllowsOnlyTheDocumentedTransitions(String kind) throws Exception {
        with(kind, env -> {
            JpaBackfillStore jobs = env.jobs();
            assertTrue(jobs.transition(env.conn(), "pause", T0).isEmpty(), "no job yet");
            BackfillRecord b = jobs.start(env.conn(), "all", null, 500L, T0);
            assertEquals(BackfillRecord.RUNNING, b.state());
            assertEquals(500L, b.total());
            BackfillStore.Conflict twice = assertThrows(BackfillStore.Conflict.class,
                    () -> jobs.start(env.conn(), "90d", T0, null, T0.plusSeconds(1)));
            assertEquals(b.id(), twice.current().id());
            assertThrows(BackfillStore.Conflict.class, () -> jobs.transition(env.conn(), "resume", T0));
            assertEquals(BackfillRecord.PAUSED, jobs.transition(env.conn(), "pause", T0).orElseThrow().state());
            assertThrows(BackfillStore.Conflict.class, () -> jobs.transition(env.conn(), "pause", T0));
            assertThrows(BackfillStore.Conflict.class, () -> jobs.start(env.conn(), "30d", T0, null, T0),
                    "a paused job still blocks a new one");
            assertTrue(jobs.running(10).isEmpty());
            assertEquals(BackfillRecord.RUNNING, jobs.transition(env.conn(), "resume", T0).orElseThrow().state());
            assertEquals(1, jobs.running(10).size());
            BackfillRecord cancelled = jobs.transition(env.conn(), "cancel", T0.plusSeconds(5)).orElseThrow();
            assertEquals(BackfillRecord.CANCELLED, cancelled.state());
            assertEquals(T0.plusSeconds(5), cancelled.finishedAt());
            for (String action : List.of("pause", "resume", "cancel")) {
                assertThrows(BackfillStore.Conflict.class, () -> jobs.transition(env.conn(), action, T0));
            }
            assertThrows(IllegalArgumentException.class, () -> jobs.transition(env.conn(), "explode", T0));
            BackfillRecord next = jobs.start(env.conn(), "30d", T0.minus(Duration.ofDays(30)), null,
                    T0.plusSeconds(10));
            assertEquals(next.id(), jobs.latest(env.conn()).orElseThrow().id());
            assertEquals(1, jobs.latestOfAll().size());
            BackfillRecord failed = jobs.recordError(next.id(), "permission_denied", true, T0.plusSeconds(11));
            assertEquals(BackfillRecord.FAILED, failed.state());
            assertEquals(1, failed.attempts());
            BackfillRecord resumed = jobs.transition(env.conn(), "resume", T0.plusSeconds(12)).orElseThrow();
            assertEquals(BackfillRecord.RUNNING, resumed.state());
            assertEquals(0, resumed.attempts());
            assertNull(resumed.lastError());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSliceStoresItsRowsAndItsPositionTogetherAndOnlyOnce(String kind) throws Exception {
        with(kind, env -> {
            JpaBackfillStore jobs = env.jobs();
            BackfillRecord b = jobs.start(env.conn(), "all", null, null, T0);
            BackfillRecord one = jobs.commitSlice(b.id(), 0, null, new Slice(messages(0, 100), 100, 0, "page2",
                    false, 250L), T0.plusSeconds(1)).orElseThrow();
            assertEquals(100, one.processed());
            assertEquals("page2", one.pageToken());
            assertEquals(250L, one.total());
            // the same slice again (a second node, or a retry after an unclear commit): nothing is stored
            assertTrue(jobs.commitSlice(b.id(), 0, null, new Slice(messages(0, 100), 100, 0, "page2", false, null),
                    T0.plusSeconds(2)).isEmpty());
            assertEquals(100, env.messages().counts(env.conn()).messages());
            // a slice that fails while storing leaves neither rows nor a moved position behind
            List<MessageData> broken = new ArrayList<>(messages(100, 150));
            broken.add(new MessageData("", null, null, false, null, null, null, null, null, null, null, null, null,
                    null, null, null, 0, null, null, null));
            assertThrows(IllegalArgumentException.class, () -> jobs.commitSlice(b.id(), 0, "page2",
                    new Slice(broken, 51, 1, null, false, null), T0.plusSeconds(3)));
            assertEquals(100, env.messages().counts(env.conn()).messages());
            assertEquals("page2", jobs.find(b.id()).orElseThrow().pageToken());
            // paused: no slice lands
            jobs.transition(env.conn(), "pause", T0.plusSeconds(4));
            assertTrue(jobs.commitSlice(b.id(), 0, "page2", new Slice(messages(100, 150), 50, 1, null, false, null),
                    T0.plusSeconds(5)).isEmpty());
            jobs.transition(env.conn(), "resume", T0.plusSeconds(6));
            BackfillRecord two = jobs.commitSlice(b.id(), 0, "page2", new Slice(messages(100, 150), 50, 1, null,
                    false, null), T0.plusSeconds(7)).orElseThrow();
            assertEquals(1, two.folderIndex());
            assertNull(two.pageToken());
            // the last slice lists messages already stored (by an incremental round): processed counts them,
            // nothing is duplicated
            BackfillRecord done = jobs.commitSlice(b.id(), 1, null, new Slice(messages(140, 160), 20, 1, null, true,
                    null), T0.plusSeconds(8)).orElseThrow();
            assertEquals(BackfillRecord.COMPLETED, done.state());
            assertEquals(170, done.processed());
            assertEquals(170L, done.total());
            assertEquals(160, env.messages().counts(env.conn()).messages());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aLeaseHasOneHolderUntilItExpiresOrIsReleased(String kind) throws Exception {
        with(kind, env -> {
            LeaseClaim a = env.leases("node-a");
            LeaseClaim b = env.leases("node-b");
            Duration ttl = Duration.ofSeconds(60);
            assertTrue(a.claim("mailbox:1", T0, ttl));
            assertFalse(b.claim("mailbox:1", T0.plusSeconds(10), ttl), "held by a");
            assertTrue(b.claim("mailbox:2", T0, ttl), "other keys are independent");
            assertTrue(a.claim("mailbox:1", T0.plusSeconds(30), ttl), "the holder extends its lease");
            assertFalse(b.claim("mailbox:1", T0.plusSeconds(89), ttl), "still within the extended lease");
            // a dies: its lease expires and b takes over
            assertTrue(b.claim("mailbox:1", T0.plusSeconds(91), ttl));
            assertFalse(a.claim("mailbox:1", T0.plusSeconds(92), ttl), "the old holder lost it");
            b.release("mailbox:1");
            a.release("mailbox:2");
            assertFalse(a.claim("mailbox:2", T0.plusSeconds(1), ttl), "only the holder can release");
            assertTrue(a.claim("mailbox:1", T0.plusSeconds(93), ttl), "released: free at once");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void jobCursorsAndKeysetPagesOfActiveConnections(String kind) throws Exception {
        with(kind, env -> {
            JpaJobCursors cursors = new JpaJobCursors(env.tx());
            assertTrue(cursors.get("daily").isEmpty());
            cursors.save("daily", new JobCursors.Cursor("", T0), T0);
            assertEquals(new JobCursors.Cursor("", T0), cursors.get("daily").orElseThrow());
            cursors.save("daily", new JobCursors.Cursor(null, T0), T0.plusSeconds(1));
            assertEquals(new JobCursors.Cursor(null, T0), cursors.get("daily").orElseThrow());
            TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(
                    new byte[32]), "k1"));
            JpaConnectionStore connections = new JpaConnectionStore(env.tx(), new VaultSealer(vault));
            for (int i = 0; i < 6; i++) {
                connections.connect(new NewConnection("ws", "u1", "gmail", "k" + i + "@x.test", "k" + i + "@x.test",
                        null, "personal", null), null, T0);
            }
            String gone = connections.list("ws", "u1", "gmail").get(3).id();
            connections.disconnect(gone, T0);
            List<String> seen = new ArrayList<>();
            String after = null;
            for (List<com.workestra.email.store.ConnectionRecord> page = connections.activePage(after, 2);
                    !page.isEmpty(); page = connections.activePage(after, 2)) {
                assertTrue(page.size() <= 2);
                page.forEach(c -> seen.add(c.id()));
                after = page.get(page.size() - 1).id();
            }
            assertEquals(6, seen.size(), "7 connections, one disconnected: " + seen);
            assertFalse(seen.contains(gone));
            assertEquals(seen.stream().sorted().toList(), seen);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoNodesClaimingAtOnceNeverBothGetTheLease(String kind) throws Exception {
        with(kind, env -> {
            LeaseClaim a = env.leases("node-a");
            LeaseClaim b = env.leases("node-b");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 40; round++) {
                    String key = "mailbox:race-" + round;
                    // every third round the key exists already (expired), so both also race on the claim itself
                    if (round % 3 == 0) {
                        assertTrue(a.claim(key, T0.minusSeconds(600), Duration.ofSeconds(1)));
                    }
                    CyclicBarrier start = new CyclicBarrier(2);
                    Callable<Boolean> byA = () -> {
                        start.await(10, TimeUnit.SECONDS);
                        return a.claim(key, T0, Duration.ofSeconds(60));
                    };
                    Callable<Boolean> byB = () -> {
                        start.await(10, TimeUnit.SECONDS);
                        return b.claim(key, T0, Duration.ofSeconds(60));
                    };
                    Future<Boolean> fa = pool.submit(byA);
                    Future<Boolean> fb = pool.submit(byB);
                    boolean ga = fa.get(30, TimeUnit.SECONDS);
                    boolean gb = fb.get(30, TimeUnit.SECONDS);
                    assertFalse(ga && gb, "round " + round + ": both nodes got the lease");
                    // SKIP LOCKED may let both miss during a tie; the next claim settles it for exactly one
                    if (!ga && !gb) {
                        assertTrue(a.claim(key, T0, Duration.ofSeconds(60)) ^ b.claim(key, T0,
                                Duration.ofSeconds(60)));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        });
    }
}
