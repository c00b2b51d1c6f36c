package com.workestra.email.sandbox.google;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gmail's per-user quota: 250 units per user per second over a moving one-second window, with Google's published
 * per-method costs. A refused call spends nothing.
 */
final class GmailQuota {

    static final int UNITS_PER_SECOND = 250;
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private static final Map<String, Integer> COSTS = Map.ofEntries(
            Map.entry("users.getProfile", 1), Map.entry("users.watch", 100), Map.entry("users.stop", 50),
            Map.entry("labels.list", 1), Map.entry("labels.get", 1), Map.entry("labels.create", 5),
            Map.entry("history.list", 2), Map.entry("messages.list", 5), Map.entry("messages.get", 5),
            Map.entry("messages.attachments.get", 5), Map.entry("messages.modify", 5),
            Map.entry("messages.batchModify", 50), Map.entry("messages.send", 100), Map.entry("messages.trash", 5),
            Map.entry("messages.untrash", 5), Map.entry("messages.delete", 10), Map.entry("threads.get", 10),
            Map.entry("threads.list", 10));

    private record Spend(long at, int units) {
    }

    private static final class Window {
        final ArrayDeque<Spend> spends = new ArrayDeque<>();
        int sum;
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    static int cost(String method) {
        return COSTS.getOrDefault(method, 5);
    }

    /** Charges {@code units} to the user; false (nothing charged) when the window would exceed the limit. */
    boolean tryCharge(String address, int units) {
        Window w = windows.computeIfAbsent(address.toLowerCase(Locale.ROOT), k -> new Window());
        long now = System.nanoTime();
        synchronized (w) {
            while (!w.spends.isEmpty() && now - w.spends.peekFirst().at() >= WINDOW_NANOS) {
                w.sum -= w.spends.removeFirst().units();
            }
            if (w.sum + units > UNITS_PER_SECOND) {
                return false;
            }
            w.spends.addLast(new Spend(now, units));
            w.sum += units;
            return true;
        }
    }

    void reset() {
        windows.clear();
    }
}
