package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link QuotaLimiter} per mailbox, kept across sync rounds (a round is short, the quota window is not). */
public final class QuotaLimiters {

    private static final Duration MAX_INLINE_PACE = Duration.ofSeconds(5);

    private final Map<String, QuotaLimiter> limiters = new ConcurrentHashMap<>();
    private final boolean pacing;

    /** Creates the registry; without {@code pacing} nothing is paced (Retry-After is honoured either way). */
    public QuotaLimiters(boolean pacing) {
        this.pacing = pacing;
    }

    /** The limiter of a mailbox; a connector upgrade that changes the quota starts a fresh one. */
    QuotaLimiter of(String connectionId, ProviderQuota quota) {
        ProviderQuota q = pacing ? quota : new ProviderQuota(Integer.MAX_VALUE, quota.window(), 0, 0, 0, 0, 0,
                Math.max(quota.fetchBatch(), 20));
        return limiters.compute(connectionId,
                (id, current) -> current != null && current.quota().equals(q) ? current : new QuotaLimiter(q));
    }

    /** A provider call run under a mailbox's pacing. */
    @FunctionalInterface
    public interface ProviderCall<T> {
        /** Performs the call. */
        T run() throws ProviderException;
    }

    /**
     * Runs one provider call made outside sync rounds (a read-state push) under the same pacing as the mailbox's
     * sync: a short pacing wait is done inline, a longer one is a {@link ProviderException.RateLimited} with the
     * wait; a 429 blocks the mailbox's pacing for its Retry-After, so the sync respects it too. Nothing is retried
     * here: the caller's own retry policy applies.
     */
    public <T> T paced(String connectionId, ProviderQuota quota, int units, ProviderCall<T> call)
            throws ProviderException {
        return new Throttle(of(connectionId, quota), Duration.ZERO, MAX_INLINE_PACE, Throttle.PARK)
                .call(units, call::run);
    }

    /** Forgets a disconnected mailbox. */
    public void forget(String connectionId) {
        limiters.remove(connectionId);
    }
}
