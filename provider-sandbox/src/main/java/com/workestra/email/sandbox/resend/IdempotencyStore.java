package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Resend's Idempotency-Key semantics for POST /emails and /emails/batch: a key seen with the same body replays the
 * first successful answer for 24 hours; with another body it is a 409; while the first request runs it is a 409 too.
 * Failed requests do not consume the key.
 */
final class IdempotencyStore {

    static final Duration TTL = Duration.ofHours(24);

    /** A finished (or, with a null answer, still running) request. */
    private record Entry(JsonNode request, Object answer, Instant at) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    void clear() {
        entries.clear();
    }

    /** Runs {@code action} once per (scope, key) and body; answers the remembered result for repeats. */
    Object run(String scope, String key, JsonNode request, Instant now, Supplier<Object> action) {
        if (key == null) {
            return action.get();
        }
        if (key.isEmpty() || key.length() > 256) {
            throw new ResendError(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
        }
        String id = scope + "\n" + key;
        Entry running = new Entry(request, null, now);
        Entry prior = entries.compute(id, (k, old) ->
                old == null || old.at.plus(TTL).isBefore(now) ? running : old);
        if (prior != running) {
            if (!prior.request.equals(request)) {
                throw new ResendError(409, "invalid_idempotent_request",
                        "Same idempotency key used with a different request payload.");
            }
            if (prior.answer == null) {
                throw new ResendError(409, "concurrent_idempotent_requests",
                        "Same idempotency key used while original request is still in progress.");
            }
            return prior.answer;
        }
        try {
            Object answer = action.get();
            entries.put(id, new Entry(request, answer, now));
            return answer;
        } catch (RuntimeException e) {
            entries.remove(id, running);
            throw e;
        }
    }
}
