package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ProviderException;
import java.time.Duration;
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

    /** Runs a call that costs {@code units} of the provider's quota. */
    <T> T call(int units, Call<T> call) throws ProviderException {
        int transientFailures = 0;
        while (true) {
            pace(units);
            try {
                return call.run();
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

    private void pace(int units) throws ProviderException {
        long wait;
        while ((wait = limiter.reserve(units, sleeper.nanoTime())) > 0) {
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
