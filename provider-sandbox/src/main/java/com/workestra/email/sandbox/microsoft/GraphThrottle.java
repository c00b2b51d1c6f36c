package com.workestra.email.sandbox.microsoft;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outlook's Graph limits: 10 000 requests per 10 minutes per application and mailbox (sliding window) and 4
 * concurrent requests per mailbox. Over a limit the caller gets 429 ApplicationThrottled with Retry-After.
 */
final class GraphThrottle {

    static final int WINDOW_LIMIT = 10_000;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final int CONCURRENCY = 4;

    private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** A granted slot; close it when the request is answered. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Returns a slot, or a 429 answer when a limit is exceeded. */
    Object acquire(String appId, String mailbox) {
        String box = mailbox.toLowerCase(Locale.ROOT);
        AtomicInteger running = inFlight.computeIfAbsent(box, k -> new AtomicInteger());
        if (running.incrementAndGet() > CONCURRENCY) {
            running.decrementAndGet();
            return throttled(1, "Application is over its MailboxConcurrency limit.");
        }
        long now = System.nanoTime();
        Deque<Long> window = windows.computeIfAbsent(appId + "|" + box, k -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && now - window.peekFirst() >= WINDOW.toNanos()) {
                window.pollFirst();
            }
            if (window.size() >= WINDOW_LIMIT) {
                running.decrementAndGet();
                long waitNanos = WINDOW.toNanos() - (now - window.peekFirst());
                return throttled(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L),
                        "Application is over its request limit (10000 requests per 10 minutes for this mailbox).");
            }
            window.addLast(now);
        }
        return (Slot) running::decrementAndGet;
    }

    private static GraphResponse throttled(long seconds, String message) {
        return GraphResponse.error(429, "ApplicationThrottled", message).header("Retry-After",
                Long.toString(seconds));
    }

    void reset() {
        windows.clear();
        inFlight.clear();
    }
}
