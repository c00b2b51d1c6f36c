package com.workestra.email.sync.internal.readstate;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt n waits a random time between half and all of min(cap, base * 2^n), so
 * retries of many rows spread out instead of hitting the provider together. A provider's Retry-After is a floor.
 */
final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The wait before the next try after {@code attempts} failed tries (1 = the first failed). */
    Duration after(int attempts, Duration retryAfter) {
        int n = Math.max(0, Math.min(30, attempts - 1));
        long ceiling = Math.min(cap.toMillis(), base.toMillis() * (1L << Math.min(n, 20)));
        long wait = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
        long floor = retryAfter == null ? 0 : retryAfter.toMillis();
        return Duration.ofMillis(Math.max(wait, floor));
    }
}
