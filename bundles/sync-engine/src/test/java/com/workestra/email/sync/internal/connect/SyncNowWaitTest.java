package com.workestra.email.sync.internal.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import com.workestra.email.sync.internal.backfill.MailboxLock;
import com.workestra.email.sync.internal.sync.QuotaLimiters;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sync now never piles up behind a busy mailbox: it waits a bounded time for the round this node is running, then
 * answers 409 {@code sync_in_progress} with that round's progress (H2: the connection row is real).
 */
class SyncNowWaitTest {

    @Test
    void aSyncNowBehindALongRoundAnswers409WithItsProgress() throws Exception {
        try (TestDatabase db = TestDatabase.open("h2"); StoreFixture stores = new StoreFixture(db.dataSource())) {
            ConnectionStore connections = stores.connections();
            String id = connections.connect(new NewConnection("ws", "u1", "gmail", "a@x.test", "a@x.test", "A",
                    "personal", null), null, Clock.systemUTC().instant()).id();
            MailboxLock lock = new MailboxLock(() -> stores.leases("node-a"), Clock.systemUTC());
            ConnectionLifecycle lifecycle = new ConnectionLifecycle(connections, provider -> null,
                    new ConnectionLifecycle.Settings(URI.create("http://127.0.0.1"), Duration.ofHours(25),
                            Duration.ofMinutes(10), Duration.ofDays(30)), Clock.systemUTC(), null, null,
                    ConnectionHooks.NONE, provider -> null, () -> null, lock, () -> null, new QuotaLimiters(false));
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread round = new Thread(() -> lock.run(id, Duration.ofMinutes(10), MailboxLock.SYNC, null, () -> {
                lock.renew(id, Duration.ofMinutes(10));
                lock.renew(id, Duration.ofMinutes(10));
                holding.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }), "long-round");
            round.start();
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            long started = System.nanoTime();
            ApiException busy = assertThrows(ApiException.class,
                    () -> lifecycle.syncNow(new Caller("ws", "u1", "u1@x.test", "U", false), id));
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(409, busy.status());
            assertEquals(ConnectionLifecycle.SYNC_IN_PROGRESS, busy.code());
            assertEquals("sync", busy.details().get("running"));
            assertEquals(2L, busy.details().get("pages"));
            assertTrue(busy.details().containsKey("startedAt"), busy.details().toString());
            assertTrue(waitedMs >= ConnectionLifecycle.SYNC_NOW_WAIT.toMillis() - 100
                    && waitedMs < ConnectionLifecycle.SYNC_NOW_WAIT.toMillis() + 5_000, "bounded wait: " + waitedMs);
            release.countDown();
            round.join(10_000);
            assertTrue(lock.activity(id).isEmpty(), "nothing holds the mailbox any more");
        }
    }
}
