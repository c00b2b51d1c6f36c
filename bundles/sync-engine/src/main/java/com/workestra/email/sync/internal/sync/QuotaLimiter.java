package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ProviderQuota;
import java.util.ArrayDeque;

/**
 * Paces one mailbox below its provider's published quota: a log of the units spent within the moving window, the
 * same accounting the providers use (a token bucket admits bursts that a moving window refuses). A call is charged
 * when it leaves (so the room is checked before it goes) and its charge is moved to the moment its answer arrived
 * ({@link #settle}): the provider counted it somewhere in between, so the call's units leave our window no earlier
 * than they leave the provider's, however long the provider took (a batch is charged part by part while it is
 * processed). Node-local by design: the mailbox's lease guarantees that one node syncs it at a time.
 */
final class QuotaLimiter {

    /**
     * Safety margin on the window (0.5 %, at most 2 s) for the rate drift between our clock and the provider's; the
     * charges themselves are stamped late (at the answer), never early.
     */
    private static final double WINDOW_MARGIN = 0.005;
    private static final long MAX_MARGIN_NANOS = 2_000_000_000L;

    /** Units charged at a time (the time moves to the answer's arrival). */
    static final class Spend {
        private long at;
        private final int units;

        Spend(long at, int units) {
            this.at = at;
            this.units = units;
        }

        long at() {
            return at;
        }

        int units() {
            return units;
        }
    }

    /**
     * The outcome of asking for room.
     *
     * @param waitNanos 0 when charged, else how long to wait before asking again
     * @param spend the charge to {@link #settle} once the answer arrived (null when nothing was charged)
     */
    record Reservation(long waitNanos, Spend spend) {
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
        return take(units, now).waitNanos();
    }

    /** Like {@link #reserve}, with the charge made. */
    synchronized Reservation take(int units, long now) {
        if (!quota.limited() || units <= 0) {
            return new Reservation(0, null);
        }
        if (now < blockedUntil) {
            return new Reservation(blockedUntil - now, null);
        }
        int wanted = Math.min(units, quota.limit());
        expire(now);
        if (sum + wanted <= quota.limit()) {
            Spend spend = new Spend(now, wanted);
            spends.addLast(spend);
            sum += wanted;
            return new Reservation(0, spend);
        }
        long freed = 0;
        long latest = Long.MIN_VALUE;
        for (Spend s : spends) {
            freed += s.units();
            latest = Math.max(latest, s.at());
            if (sum - freed + wanted <= quota.limit()) {
                return new Reservation(Math.max(1, latest + windowNanos - now), null);
            }
        }
        return new Reservation(windowNanos, null);
    }

    /** The call of {@code spend} got its answer at {@code now}: its units count from then on. */
    synchronized void settle(Spend spend, long now) {
        if (spend != null && now > spend.at) {
            spend.at = now;
        }
    }

    /** Units that could be charged at once now (none while a 429 blocks the mailbox). */
    synchronized long available(long now) {
        if (!quota.limited()) {
            return Long.MAX_VALUE;
        }
        if (now < blockedUntil) {
            return 0;
        }
        expire(now);
        return Math.max(0, quota.limit() - sum);
    }

    /** Drops the charges that left the window (a later-settled charge ahead of them keeps them a little longer). */
    private void expire(long now) {
        while (!spends.isEmpty() && now - spends.peekFirst().at() >= windowNanos) {
            sum -= spends.removeFirst().units();
        }
    }

    /** The provider answered 429: nothing is sent to it before {@code until} (System.nanoTime based). */
    synchronized void blockUntil(long until) {
        blockedUntil = Math.max(blockedUntil, until);
    }
}
