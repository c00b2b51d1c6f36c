package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ProviderQuota;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link QuotaLimiter} per mailbox, kept across sync rounds (a round is short, the quota window is not). */
public final class QuotaLimiters {

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

    /** Forgets a disconnected mailbox. */
    public void forget(String connectionId) {
        limiters.remove(connectionId);
    }
}
