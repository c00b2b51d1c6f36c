package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ProviderQuota;
import java.util.ArrayDeque;

/**
 * Paces one mailbox below its provider's published quota: a log of the units spent within the moving window, the
 * same accounting the providers use (a token bucket admits bursts that a moving window refuses). The window is kept
 * a little longer than the provider's so clock skew between the two never tips a call over the limit. Node-local by
 * design: the mailbox's lease guarantees that one node syncs it at a time.
 */
final class QuotaLimiter {

    /**
     * Safety margin on the window (5 %, at most 2 s): we count a call when it leaves, the provider when it arrives,
     * so transit time and skew between the two clocks must never tip a call over the limit.
     */
    private static final double WINDOW_MARGIN = 0.05;
    private static final long MAX_MARGIN_NANOS = 2_000_000_000L;

    private record Spend(long at, int units) {
    }

    private final ProviderQuota quota;
    private final long windowNanos;
    private final ArrayDeque<Spend> spends = new ArrayDeque<>();
    private long sum;
    private long blockedUntil = Long.MIN_VALUE;

    QuotaLimiter(ProviderQuota quota) {
        this.quota = quota;
        long window = quota.window().toNanos();
        this.windowNanos = window + Math.min((long) (window * WINDOW_MARGIN), MAX_MARGIN_NANOS);
    }

    ProviderQuota quota() {
        return quota;
    }

    /**
     * Charges {@code units} now if the window has room and returns 0; otherwise charges nothing and returns how many
     * nanoseconds to wait before asking again.
     */
    synchronized long reserve(int units, long now) {
        if (!quota.limited() || units <= 0) {
            return 0;
        }
        if (now < blockedUntil) {
            return blockedUntil - now;
        }
        int wanted = Math.min(units, quota.limit());
        while (!spends.isEmpty() && now - spends.peekFirst().at() >= windowNanos) {
            sum -= spends.removeFirst().units();
        }
        if (sum + wanted <= quota.limit()) {
            spends.addLast(new Spend(now, wanted));
            sum += wanted;
            return 0;
        }
        long freed = 0;
        for (Spend s : spends) {
            freed += s.units();
            if (sum - freed + wanted <= quota.limit()) {
                return Math.max(1, s.at() + windowNanos - now);
            }
        }
        return windowNanos;
    }

    /** Units that could be charged at once now (none while a 429 blocks the mailbox). */
    synchronized long available(long now) {
        if (!quota.limited()) {
            return Long.MAX_VALUE;
        }
        if (now < blockedUntil) {
            return 0;
        }
        while (!spends.isEmpty() && now - spends.peekFirst().at() >= windowNanos) {
            sum -= spends.removeFirst().units();
        }
        return Math.max(0, quota.limit() - sum);
    }

    /** The provider answered 429: nothing is sent to it before {@code until} (System.nanoTime based). */
    synchronized void blockUntil(long until) {
        blockedUntil = Math.max(blockedUntil, until);
    }
}
