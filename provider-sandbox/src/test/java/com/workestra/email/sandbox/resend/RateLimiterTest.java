package com.workestra.email.sandbox.resend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sliding one-second window, driven by a fake clock. */
class RateLimiterTest {

    @Test
    void allowsTheLimitPerSecondAndPerKey() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        RateLimiter limiter = new RateLimiter(2, now::get);

        RateLimiter.Decision first = limiter.acquire("re_a");
        assertTrue(first.allowed());
        assertEquals(2, first.limit());
        assertEquals(1, first.remaining());
        now.addAndGet(400_000_000L);
        assertTrue(limiter.acquire("re_a").allowed());

        RateLimiter.Decision third = limiter.acquire("re_a");
        assertFalse(third.allowed());
        assertEquals(0, third.remaining());
        assertEquals(1, third.resetSeconds());
        assertTrue(limiter.acquire("re_b").allowed(), "another key has its own window");

        now.addAndGet(600_000_000L); // the first request leaves the window
        RateLimiter.Decision later = limiter.acquire("re_a");
        assertTrue(later.allowed());
        assertEquals(0, later.remaining());
        assertFalse(limiter.acquire("re_a").allowed());
    }
}
