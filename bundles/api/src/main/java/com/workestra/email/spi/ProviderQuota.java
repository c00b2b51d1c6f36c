package com.workestra.email.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A provider's published per-mailbox quota, so the sync engine can pace itself below it instead of learning it from
 * 429 answers: at most {@code limit} units within any {@code window}, and what each mailbox operation costs.
 *
 * @param limit units allowed per window (Gmail: 250 quota units per user per second; Graph: 10 000 requests per
 *     mailbox per 10 minutes)
 * @param window the moving window the limit applies to
 * @param listCost units of one {@link MailboxOperations#list} page
 * @param fetchCostPerMessage units per message of {@link MailboxOperations#fetchListed} (batches are charged per
 *     part)
 * @param changesCost units of one {@link MailboxOperations#changes} page
 * @param cursorCost units of {@link MailboxOperations#currentCursor}
 * @param setReadCost units of {@link MailboxOperations#setRead}
 * @param fetchBatch messages per fetch call that keep the window evenly filled
 */
public record ProviderQuota(int limit, Duration window, int listCost, int fetchCostPerMessage, int changesCost,
        int cursorCost, int setReadCost, int fetchBatch) {

    /** No published quota: nothing is paced (the provider's Retry-After is still honoured). */
    public static final ProviderQuota UNLIMITED = new ProviderQuota(Integer.MAX_VALUE, Duration.ofSeconds(1), 0, 0, 0,
            0, 0, 20);

    /** Validates the values. */
    public ProviderQuota {
        Objects.requireNonNull(window, "window");
        if (limit <= 0 || window.isZero() || window.isNegative() || fetchBatch <= 0) {
            throw new IllegalArgumentException("A quota needs a positive limit, window and fetch batch");
        }
    }

    /** Whether this quota paces anything. */
    public boolean limited() {
        return limit != Integer.MAX_VALUE;
    }
}
