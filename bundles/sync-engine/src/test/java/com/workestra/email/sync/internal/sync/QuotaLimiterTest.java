package com.workestra.email.sync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.ProviderQuota;
import java.time.Duration;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** The moving-window pacing: never more than the provider's limit in any window, and close to it when busy. */
class QuotaLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final ProviderQuota GMAIL = new ProviderQuota(250, Duration.ofSeconds(1), 5, 5, 2, 1, 5, 10);

    /** Drives the limiter on a simulated clock: each call waits what the limiter says, then spends. */
    private static ArrayDeque<long[]> drive(QuotaLimiter limiter, int units, int calls) {
        ArrayDeque<long[]> spent = new ArrayDeque<>();
        long now = 0;
        for (int i = 0; i < calls; i++) {
            long wait;
            while ((wait = limiter.reserve(units, now)) > 0) {
                now += wait;
            }
            spent.add(new long[] {now, units});
        }
        return spent;
    }

    @Test
    void noMovingWindowOfTheProviderEverSeesMoreThanTheLimit() {
        ArrayDeque<long[]> spent = drive(new QuotaLimiter(GMAIL), 50, 2000);
        long[][] all = spent.toArray(new long[0][]);
        for (int i = 0; i < all.length; i++) {
            long sum = 0;
            for (int j = i; j < all.length && all[j][0] - all[i][0] < SECOND; j++) {
                sum += all[j][1];
            }
            assertTrue(sum <= 250, "window starting at call " + i + " spent " + sum);
        }
    }

    @Test
    void aBusyMailboxUsesAtLeastNinetyPercentOfTheQuota() {
        ArrayDeque<long[]> spent = drive(new QuotaLimiter(GMAIL), 50, 2000);
        double seconds = (spent.peekLast()[0] - spent.peekFirst()[0]) / (double) SECOND;
        double unitsPerSecond = (2000 - 1) * 50 / seconds;
        assertTrue(unitsPerSecond >= 0.9 * 250 && unitsPerSecond <= 250, "paced at " + unitsPerSecond + " units/s");
    }

    @Test
    void aRetryAfterBlocksEveryCallUntilItPasses() {
        QuotaLimiter limiter = new QuotaLimiter(GMAIL);
        limiter.blockUntil(3 * SECOND);
        assertEquals(3 * SECOND - SECOND, limiter.reserve(5, SECOND));
        assertEquals(0, limiter.reserve(5, 3 * SECOND));
    }

    @Test
    void aCallLargerThanTheLimitIsCappedInsteadOfWaitingForever() {
        QuotaLimiter limiter = new QuotaLimiter(GMAIL);
        assertEquals(0, limiter.reserve(1000, 0));
        assertTrue(limiter.reserve(5, 0) > 0, "the window is full after it");
    }

    @Test
    void anUnlimitedQuotaNeverWaits() {
        QuotaLimiter limiter = new QuotaLimiter(ProviderQuota.UNLIMITED);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, limiter.reserve(100, 0));
        }
    }
}
