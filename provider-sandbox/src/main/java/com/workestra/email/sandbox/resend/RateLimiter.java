package com.workestra.email.sandbox.resend;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Per-API-key sliding one-second window, the way Resend counts requests per second. */
final class RateLimiter {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    /** Outcome of one request: whether it may proceed and the values of the ratelimit-* headers. */
    record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private volatile int limit;

    RateLimiter(int limit, LongSupplier nanoClock) {
        this.limit = limit;
        this.nanoClock = nanoClock;
    }

    int limit() {
        return limit;
    }

    void setLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1 per second");
        }
        this.limit = limit;
    }

    void clear() {
        windows.clear();
    }

    /** Counts one request for {@code key} unless the window is full; rejected requests are not counted. */
    Decision acquire(String key) {
        Deque<Long> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        int max = limit;
        synchronized (window) {
            long now = nanoClock.getAsLong();
            while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) {
                window.pollFirst();
            }
            boolean allowed = window.size() < max;
            if (allowed) {
                window.addLast(now);
            }
            long oldest = window.isEmpty() ? now : window.peekFirst();
            long resetNanos = Math.max(1, oldest + WINDOW_NANOS - now);
            long resetSeconds = (resetNanos + WINDOW_NANOS - 1) / WINDOW_NANOS;
            return new Decision(allowed, max, Math.max(0, max - window.size()), resetSeconds);
        }
    }
}
