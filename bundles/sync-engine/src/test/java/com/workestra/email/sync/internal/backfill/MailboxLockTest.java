package com.workestra.email.sync.internal.backfill;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.Leases;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import com.workestra.email.sync.internal.MovingClock;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mailbox lock of two nodes on one database: a long run renews its lease; a stalled node loses it. */
class MailboxLockTest {

    private static final Duration TTL = Duration.ofMinutes(2);

    @Test
    void longWorkLearnsThatAnotherCallerWaitsForTheMailbox() throws Exception {
        MailboxLock lock = new MailboxLock(() -> null, Clock.systemUTC());
        AtomicBoolean otherRan = new AtomicBoolean();
        Thread[] other = new Thread[1];
        assertTrue(lock.run("c1", TTL, () -> {
            assertFalse(lock.wanted("c1"), "nobody waits yet");
            other[0] = new Thread(() -> lock.run("c1", TTL, () -> otherRan.set(true)), "sync-now");
            other[0].start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!lock.wanted("c1") && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            assertTrue(lock.wanted("c1"), "the waiting caller is seen");
            assertFalse(otherRan.get(), "and waits for the current work");
        }));
        other[0].join(Duration.ofSeconds(10).toMillis());
        assertTrue(otherRan.get(), "it runs once the work let go");
        assertFalse(lock.wanted("c1"), "nobody waits any more");
        assertFalse(lock.wanted("c2"), "another mailbox was never wanted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRenewedLeaseOutlastsItsFirstTermAndALostOneIsReported(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); StoreFixture stores = new StoreFixture(db.dataSource())) {
            Leases a = stores.leases("node-a");
            Leases b = stores.leases("node-b");
            MovingClock clock = new MovingClock();
            MailboxLock nodeA = new MailboxLock(() -> a, clock);
            MailboxLock nodeB = new MailboxLock(() -> b, clock);
            AtomicBoolean bRan = new AtomicBoolean();
            assertTrue(nodeA.run("c1", TTL, () -> {
                clock.advance(Duration.ofSeconds(100));
                assertTrue(nodeA.renew("c1", TTL), "node A still holds the mailbox and extends its lease");
                clock.advance(Duration.ofSeconds(100));
                // 200 s after the first claim: past its first term, inside the renewed one
                assertFalse(nodeB.run("c1", TTL, () -> bRan.set(true)), "node B may not take the mailbox");
                clock.advance(Duration.ofSeconds(121));
                // node A stalled past its renewed lease: node B takes over, node A learns it on its next renewal
                assertTrue(nodeB.run("c1", TTL, () -> bRan.set(true)), "node B takes the expired mailbox over");
                assertTrue(bRan.get());
                assertTrue(b.claim("mailbox:c1", clock.instant(), TTL), "node B holds it again");
                assertFalse(nodeA.renew("c1", TTL), "node A lost the mailbox and stops");
            }));
        }
    }
}
