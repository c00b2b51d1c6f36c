package com.workestra.email.sync.internal.backfill;

import com.workestra.email.store.Leases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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

    /**
     * What holds a mailbox on this node: a sync round or a backfill run, since when, and the pages it has done.
     *
     * @param work {@code sync} or {@code backfill}
     * @param since when it took the mailbox
     * @param pages provider pages done so far
     */
    public record Activity(String work, Instant since, long pages) {
    }

    /** Work kinds. */
    public static final String SYNC = "sync";
    public static final String BACKFILL = "backfill";

    private final Supplier<Leases> leases;
    private final Clock clock;
    private final ConcurrentMap<String, ReentrantLock> monitors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> waiting = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Running> running = new ConcurrentHashMap<>();

    private record Running(String work, Instant since, AtomicLong pages) {
    }

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
        Running r = running.get(connectionId);
        if (r != null) {
            r.pages().incrementAndGet();
        }
        Leases l = leases.get();
        return l == null || l.claim(key(connectionId), clock.instant(), ttl);
    }

    /** What holds the mailbox on this node right now, if anything. */
    public Optional<Activity> activity(String connectionId) {
        Running r = running.get(connectionId);
        return r == null ? Optional.empty() : Optional.of(new Activity(r.work(), r.since(), r.pages().get()));
    }

    /**
     * Runs the work while holding the mailbox, waiting for this node's other work on it as long as it takes.
     *
     * @param ttl how long the lease lasts if this node dies during the work
     * @return false when another node holds the mailbox (the work did not run)
     */
    public <X extends Exception> boolean run(String connectionId, Duration ttl, Work<X> work) throws X {
        return run(connectionId, ttl, SYNC, null, work) == Result.RAN;
    }

    /** Outcomes of {@link #run(String, Duration, String, Duration, Work)}. */
    public enum Result {
        /** The work ran. */
        RAN,
        /** Other work of this node held the mailbox for longer than the wait allowed. */
        BUSY_HERE,
        /** Another node holds the mailbox's lease. */
        HELD_ELSEWHERE
    }

    /**
     * Runs the work while holding the mailbox.
     *
     * @param ttl how long the lease lasts if this node dies during the work
     * @param kind what the work is ({@link #SYNC}, {@link #BACKFILL}), for {@link #activity}
     * @param maxWait how long to wait for this node's other work on the mailbox; null waits as long as it takes
     */
    public <X extends Exception> Result run(String connectionId, Duration ttl, String kind, Duration maxWait,
            Work<X> work) throws X {
        ReentrantLock monitor = monitors.computeIfAbsent(connectionId, k -> new ReentrantLock());
        AtomicInteger waiters = waiting.computeIfAbsent(connectionId, k -> new AtomicInteger());
        waiters.incrementAndGet();
        boolean locked;
        try {
            if (maxWait == null) {
                monitor.lock();
                locked = true;
            } else {
                locked = monitor.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        } finally {
            waiters.decrementAndGet();
        }
        if (!locked) {
            return Result.BUSY_HERE;
        }
        try {
            Leases l = leases.get();
            String key = key(connectionId);
            if (l != null && !l.claim(key, clock.instant(), ttl)) {
                LOG.debug("mailbox {}: held by another node", connectionId);
                return Result.HELD_ELSEWHERE;
            }
            running.put(connectionId, new Running(kind, clock.instant(), new AtomicLong()));
            try {
                work.run();
                return Result.RAN;
            } finally {
                running.remove(connectionId);
                if (l != null) {
                    try {
                        l.release(key);
                    } catch (RuntimeException e) {
                        // the lease expires on its own
                        LOG.warn("mailbox {}: lease not released: {}", connectionId, e.getClass().getName());
                    }
                }
            }
        } finally {
            monitor.unlock();
        }
    }
}
