package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ProviderQuota;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link QuotaLimiter} per mailbox, kept across sync rounds (a round is short, the quota window is not). */
public final class QuotaLimiters {

    private final Map<String, QuotaLimiter> limiters = new ConcurrentHashMap<>();

    /** The limiter of a mailbox; a connector upgrade that changes the quota starts a fresh one. */
    QuotaLimiter of(String connectionId, ProviderQuota quota) {
        return limiters.compute(connectionId,
                (id, current) -> current != null && current.quota().equals(quota) ? current : new QuotaLimiter(quota));
    }

    /** Forgets a disconnected mailbox. */
    public void forget(String connectionId) {
        limiters.remove(connectionId);
    }
}
