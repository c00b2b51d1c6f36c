package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.AnswerArrival;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.spi.RemoteMessage;
import com.workestra.email.store.MessageData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The retry and pacing policy of one sync round, around every provider call:
 * <ul>
 * <li>before a call, the mailbox's {@link QuotaLimiter} paces it below the provider's published quota; a short wait
 * is done inline, a long one (the Graph 10-minute window is spent) ends the round with a RateLimited failure carrying
 * the wait, so the mailbox is deferred instead of holding a scheduler thread;</li>
 * <li>a 429 is honoured: nothing goes to the provider before its Retry-After (plus jitter, so mailboxes do not retry
 * in lockstep), within a bounded budget per round;</li>
 * <li>a transient failure (5xx, timeout) is retried a few times with exponential backoff and full jitter, then
 * reaches the caller, which defers the mailbox (its committed pages stay).</li>
 * </ul>
 */
final class Throttle {

    /** A provider call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws ProviderException;
    }

    /** A provider call that tells when the provider's answer began to arrive. */
    @FunctionalInterface
    interface TimedCall<T> {
        T run(AnswerArrival arrival) throws ProviderException;
    }

    /** When the answer of one attempt began to arrive (System.nanoTime based). */
    private final class Arrival implements AnswerArrival {
        private boolean told;
        private long at;

        @Override
        public void arrived() {
            told = true;
            at = sleeper.nanoTime();
        }

        long orElse(long end) {
            return told ? Math.min(at, end) : end;
        }
    }

    /** The clock and the wait; simulated in tests. */
    interface Sleeper {
        long nanoTime();

        void sleep(long nanos) throws InterruptedException;
    }

    static final Sleeper PARK = new Sleeper() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            LockSupport.parkNanos(nanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    };

    private static final int TRANSIENT_ATTEMPTS = 3;
    private static final long BACKOFF_BASE_NANOS = Duration.ofMillis(500).toNanos();

    private final QuotaLimiter limiter;
    private final Sleeper sleeper;
    private final long maxPaceNanos;
    private long retryBudgetNanos;

    /**
     * @param limiter the mailbox's quota pacing
     * @param retryBudget how long one round may wait for Retry-After and backoff in total
     * @param maxPace the longest pacing wait done inline
     */
    Throttle(QuotaLimiter limiter, Duration retryBudget, Duration maxPace, Sleeper sleeper) {
        this.limiter = limiter;
        this.retryBudgetNanos = retryBudget.toNanos();
        this.maxPaceNanos = maxPace.toNanos();
        this.sleeper = sleeper;
    }

    /**
     * How many items costing {@code unitCost} each to send in the next call, at most {@code max}: as many as the
     * mailbox's window has room for now, so a batch never waits for a whole batch's worth of quota while part of it
     * is free (a small call such as a list page would otherwise cost a batch's slot of the window); {@code max}
     * when not even one fits (the call then waits in {@link #call}).
     */
    int fitting(int unitCost, int max) {
        if (unitCost <= 0 || max <= 1) {
            return Math.max(1, max);
        }
        long room = limiter.available(sleeper.nanoTime()) / unitCost;
        return room < 1 ? max : (int) Math.min(max, room);
    }

    /**
     * Fetches messages in batches of at most the provider's batch size, each sized to the room in the mailbox's
     * window, and maps them.
     */
    List<MessageData> fetchAll(MailboxOperations ops, MailboxRef mailbox, List<RemoteMessage> listed,
            ProviderQuota quota, MessageMapper mapper) throws ProviderException {
        List<MessageData> out = new ArrayList<>(listed.size());
        int cost = quota.fetchCostPerMessage();
        for (int i = 0; i < listed.size();) {
            int n = fitting(cost, Math.min(Math.max(1, quota.fetchBatch()), listed.size() - i));
            List<RemoteMessage> part = listed.subList(i, i + n);
            for (FetchedMessage f : timed(n * cost, arrival -> ops.fetchListed(mailbox, part, arrival))) {
                out.add(mapper.map(f));
            }
            i += n;
        }
        return out;
    }

    /** Runs a call that costs {@code units} of the provider's quota. */
    <T> T call(int units, Call<T> call) throws ProviderException {
        return timed(units, arrival -> call.run());
    }

    /**
     * Runs a call that costs {@code units} of the provider's quota and may tell when its answer began to arrive:
     * the call counts in the mailbox's window from then on (else from its end), so the time spent reading and
     * decoding a large answer does not hold quota the provider already gave back.
     */
    <T> T timed(int units, TimedCall<T> call) throws ProviderException {
        int transientFailures = 0;
        while (true) {
            QuotaLimiter.Spend spend = pace(units);
            Arrival arrival = new Arrival();
            try {
                try {
                    return call.run(arrival);
                } finally {
                    // whatever the answer, the provider may have counted the call until it answered
                    limiter.settle(spend, arrival.orElse(sleeper.nanoTime()));
                }
            } catch (ProviderException.RateLimited e) {
                long wait = e.retryAfter().toNanos() + jitter(Duration.ofMillis(250).toNanos());
                limiter.blockUntil(sleeper.nanoTime() + wait);
                spendRetryBudget(wait, e);
            } catch (ProviderException.Transient e) {
                transientFailures++;
                if (transientFailures >= TRANSIENT_ATTEMPTS) {
                    throw e;
                }
                // full jitter: a random wait up to base * 2^attempt
                long wait = jitter(BACKOFF_BASE_NANOS << transientFailures);
                spendRetryBudget(wait, e);
            }
        }
    }

    private QuotaLimiter.Spend pace(int units) throws ProviderException {
        while (true) {
            QuotaLimiter.Reservation r = limiter.take(units, sleeper.nanoTime());
            long wait = r.waitNanos();
            if (wait <= 0) {
                return r.spend();
            }
            if (wait > maxPaceNanos) {
                throw new ProviderException.RateLimited(Duration.ofNanos(wait),
                        "This mailbox used its provider quota for now; the sync continues automatically.", null);
            }
            sleep(wait, null);
        }
    }

    private void spendRetryBudget(long wait, ProviderException cause) throws ProviderException {
        if (wait > retryBudgetNanos) {
            throw cause;
        }
        retryBudgetNanos -= wait;
        sleep(wait, cause);
    }

    private void sleep(long nanos, ProviderException cause) throws ProviderException {
        try {
            sleeper.sleep(nanos);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw cause != null ? cause : new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                    "The sync was interrupted; it continues on the next round.", ie);
        }
    }

    private static long jitter(long upTo) {
        return ThreadLocalRandom.current().nextLong(Math.max(1, upTo));
    }
}
