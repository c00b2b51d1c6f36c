package com.workestra.email.sync.internal.backfill;

import com.workestra.email.store.Leases;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work on one mailbox at a time, across the cluster: callers on this node wait for each other (Sync now meets the
 * scheduler tick), and the node then claims the mailbox's lease in the shared database, so two nodes never sync or
 * backfill the same mailbox at once. A node that dies keeps its lease only until it expires.
 */
public final class MailboxLock {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxLock.class);

    /** Work under the lock. */
    @FunctionalInterface
    public interface Work<X extends Exception> {
        /** Runs the work. */
        void run() throws X;
    }

    private final Supplier<Leases> leases;
    private final Clock clock;
    private final ConcurrentMap<String, Object> monitors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    /** Uses the leases when the store provides them (without them, only this node is coordinated). */
    public MailboxLock(Supplier<Leases> leases, Clock clock) {
        this.leases = leases;
        this.clock = clock;
    }

    /** The lease key of a mailbox. */
    static String key(String connectionId) {
        return "mailbox:" + connectionId;
    }

    /**
     * Whether another caller on this node waits for the mailbox (a Sync now, a sync round): long work under the lock
     * (a backfill's run of slices) ends at its next page boundary to let it in.
     */
    public boolean wanted(String connectionId) {
        AtomicInteger waiters = waiting.get(connectionId);
        return waiters != null && waiters.get() > 0;
    }

    /**
     * Extends this node's lease of a mailbox it is working on (between the slices of a long run, so the lease only
     * has to outlast one slice).
     *
     * @return false when another node took the mailbox over meanwhile (this node's lease had expired)
     */
    public boolean renew(String connectionId, Duration ttl) {
        Leases l = leases.get();
        return l == null || l.claim(key(connectionId), clock.instant(), ttl);
    }

    /**
     * Runs the work while holding the mailbox.
     *
     * @param ttl how long the lease lasts if this node dies during the work
     * @return false when another node holds the mailbox (the work did not run)
     */
    public <X extends Exception> boolean run(String connectionId, Duration ttl, Work<X> work) throws X {
        AtomicInteger waiters = waiting.computeIfAbsent(connectionId, k -> new AtomicInteger());
        waiters.incrementAndGet();
        synchronized (monitors.computeIfAbsent(connectionId, k -> new Object())) {
            waiters.decrementAndGet();
            Leases l = leases.get();
            String key = key(connectionId);
            if (l != null && !l.claim(key, clock.instant(), ttl)) {
                LOG.debug("mailbox {}: held by another node", connectionId);
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                if (l != null) {
                    try {
                        l.release(key);
                    } catch (RuntimeException e) {
                        // the lease expires on its own
                        LOG.warn("mailbox {}: lease not released: {}", connectionId, e.getClass().getName());
                    }
                }
            }
        }
    }
}
