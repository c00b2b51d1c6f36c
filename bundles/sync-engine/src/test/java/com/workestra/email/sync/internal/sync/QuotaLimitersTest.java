package com.workestra.email.sync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Calls outside sync rounds (read-state pushes) share the mailbox's pacing and never retry by themselves. */
class QuotaLimitersTest {

    /** 10 units per hour, setRead costs 5: two pushes per window (a window far longer than any inline wait). */
    private static final ProviderQuota SMALL = new ProviderQuota(10, Duration.ofHours(1), 5, 5, 2, 1, 5, 10);

    @Test
    void pushesSpendTheMailboxQuotaAndStopWithTheWaitWhenItIsUsedUp() throws ProviderException {
        QuotaLimiters limiters = new QuotaLimiters(true);
        AtomicInteger calls = new AtomicInteger();
        assertEquals(1, limiters.paced("m1", SMALL, 5, calls::incrementAndGet));
        assertEquals(2, limiters.paced("m1", SMALL, 5, calls::incrementAndGet));
        ProviderException.RateLimited limited = assertThrows(ProviderException.RateLimited.class,
                () -> limiters.paced("m1", SMALL, 5, calls::incrementAndGet));
        assertEquals(2, calls.get(), "the provider is not called over the quota");
        assertTrue(limited.retryAfter().compareTo(Duration.ofMinutes(50)) > 0, limited.retryAfter().toString());
        // another mailbox has its own quota
        assertEquals(3, limiters.paced("m2", SMALL, 5, calls::incrementAndGet));
        // the sync round of m1 sees the same limiter: its quota is spent too
        QuotaLimiter m1 = limiters.of("m1", SMALL);
        assertTrue(m1.reserve(1, System.nanoTime()) > 0);
    }

    @Test
    void aRateLimitIsNotRetriedHereButBlocksTheMailboxForItsRetryAfter() {
        QuotaLimiters limiters = new QuotaLimiters(true);
        ProviderQuota roomy = new ProviderQuota(1000, Duration.ofSeconds(1), 1, 1, 1, 1, 1, 10);
        AtomicInteger calls = new AtomicInteger();
        ProviderException.RateLimited refused = new ProviderException.RateLimited(Duration.ofSeconds(30),
                "slow down", null);
        ProviderException.RateLimited thrown = assertThrows(ProviderException.RateLimited.class,
                () -> limiters.paced("m1", roomy, 1, () -> {
                    calls.incrementAndGet();
                    throw refused;
                }));
        assertSame(refused, thrown);
        assertEquals(1, calls.get(), "one call: the outbox's retry policy decides when to try again");
        ProviderException.RateLimited blocked = assertThrows(ProviderException.RateLimited.class,
                () -> limiters.paced("m1", roomy, 1, calls::incrementAndGet));
        assertEquals(1, calls.get(), "the mailbox waits for the Retry-After");
        assertTrue(blocked.retryAfter().compareTo(Duration.ofSeconds(25)) > 0, blocked.retryAfter().toString());
    }

    @Test
    void aTransientFailureIsHandedBackAtOnce() {
        QuotaLimiters limiters = new QuotaLimiters(true);
        AtomicInteger calls = new AtomicInteger();
        assertThrows(ProviderException.Transient.class, () -> limiters.paced("m1", SMALL, 5, () -> {
            calls.incrementAndGet();
            throw new ProviderException.Transient("provider_unavailable", "503", null);
        }));
        assertEquals(1, calls.get());
    }
}
