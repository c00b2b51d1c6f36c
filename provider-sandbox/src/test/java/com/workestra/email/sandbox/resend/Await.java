package com.workestra.email.sandbox.resend;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** Polls a condition until it holds or a deadline passes (no fixed sleeps in tests). */
final class Await {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /** Re-evaluates {@code value} until {@code done} accepts it; returns the last value either way. */
    static <T> T until(Duration timeout, Callable<T> value, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        T v = value.call();
        while (!done.test(v) && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(POLL_NANOS);
            v = value.call();
        }
        return v;
    }
}
