package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.workestra.email.sandbox.Http;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The emails Resend accepted, their automatic events and their API representation. */
final class EmailBox {

    private final Map<String, StoredEmail> byId = new ConcurrentHashMap<>();
    private final List<StoredEmail> ordered = new ArrayList<>();
    private final IdempotencyStore idempotency = new IdempotencyStore();
    private final AtomicLong generation = new AtomicLong();
    private final WebhookHub webhooks;
    private volatile boolean autoEvents = true;
    private volatile long autoEventDelayMs = ResendEmulator.DEFAULT_AUTO_EVENT_DELAY_MS;

    EmailBox(WebhookHub webhooks) {
        this.webhooks = webhooks;
    }

    void clear() {
        generation.incrementAndGet();
        synchronized (ordered) {
            byId.clear();
            ordered.clear();
        }
        idempotency.clear();
    }

    void setAutoEvents(boolean enabled, long delayMs) {
        this.autoEvents = enabled;
        this.autoEventDelayMs = Math.max(0, delayMs);
    }

    boolean autoEvents() {
        return autoEvents;
    }

    long autoEventDelayMs() {
        return autoEventDelayMs;
    }

    Object sendOne(JsonNode body, String apiKey, String idempotencyKey) {
        Instant now = Instant.now();
        return idempotency.run(apiKey + " /emails", idempotencyKey, body, now,
                () -> Map.of("id", store(EmailParser.parse(body, false, now), now).id));
    }

    Object sendBatch(JsonNode body, String apiKey, String idempotencyKey, boolean permissive) {
        if (!body.isArray()) {
            throw ResendError.validation("The request body must be an array of emails.");
        }
        if (body.isEmpty() || body.size() > ResendEmulator.MAX_BATCH) {
            throw ResendError.validation("The batch must contain between 1 and " + ResendEmulator.MAX_BATCH
                    + " emails.");
        }
        Instant now = Instant.now();
        return idempotency.run(apiKey + " /emails/batch", idempotencyKey, body, now, () -> {
            List<EmailParser.Parsed> valid = new ArrayList<>();
            ArrayNode errors = Http.JSON.createArrayNode();
            for (int i = 0; i < body.size(); i++) {
                try {
                    valid.add(EmailParser.parse(body.get(i), true, now));
                } catch (ResendError e) {
                    if (!permissive) {
                        throw e;
                    }
                    errors.addObject().put("index", i).put("message", e.getMessage());
                }
            }
            ObjectNode out = Http.JSON.createObjectNode();
            ArrayNode data = out.putArray("data");
            valid.forEach(p -> data.addObject().put("id", store(p, now).id));
            if (permissive) {
                out.set("errors", errors);
            }
            return out;
        });
    }

    StoredEmail find(String id) {
        StoredEmail e = byId.get(id);
        if (e == null) {
            throw ResendError.notFound("Email not found");
        }
        return e;
    }

    List<StoredEmail> oldestFirst() {
        synchronized (ordered) {
            return new ArrayList<>(ordered);
        }
    }

    Object cancel(String id) {
        StoredEmail e = find(id);
        synchronized (e) {
            if (!"scheduled".equals(e.lastEvent())) {
                throw ResendError.validation("Only scheduled emails can be canceled.");
            }
            e.lastEvent("canceled");
        }
        return Map.of("object", "email", "id", e.id);
    }

    /** GET /emails: newest first, without bodies. */
    ObjectNode list(int limit) {
        if (limit < 1 || limit > 100) {
            throw ResendError.validation("The `limit` parameter must be between 1 and 100.");
        }
        List<StoredEmail> all = oldestFirst();
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "list");
        out.put("has_more", all.size() > limit);
        ArrayNode data = out.putArray("data");
        for (int i = all.size() - 1; i >= 0 && data.size() < limit; i--) {
            ObjectNode item = describe(all.get(i));
            item.remove("html");
            item.remove("text");
            data.add(item);
        }
        return out;
    }

    /** Records {@code type} as the email's last event and delivers it to the subscribed webhooks. */
    List<WebhookHub.Delivery> emit(StoredEmail e, String type, JsonNode extraData) {
        return emit(e, type, extraData, 0);
    }

    /** As {@link #emit(StoredEmail, String, JsonNode)}, signed with a timestamp {@code signedSecondsAgo} old. */
    List<WebhookHub.Delivery> emit(StoredEmail e, String type, JsonNode extraData, long signedSecondsAgo) {
        e.lastEvent(type.substring("email.".length()));
        return webhooks.deliver(type, e.id, EventPayloads.build(e, type, Instant.now(), extraData),
                signedSecondsAgo);
    }

    /** GET /emails/{id}. */
    static ObjectNode describe(StoredEmail e) {
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "email");
        out.put("id", e.id);
        out.set("to", Http.JSON.valueToTree(e.to));
        out.put("from", e.from);
        out.put("created_at", ResendEmulator.timestamp(e.createdAt));
        out.put("subject", e.subject);
        out.put("html", e.html);
        out.put("text", e.text);
        out.set("bcc", e.bcc.isEmpty() ? null : Http.JSON.valueToTree(e.bcc));
        out.set("cc", e.cc.isEmpty() ? null : Http.JSON.valueToTree(e.cc));
        out.set("reply_to", e.replyTo.isEmpty() ? null : Http.JSON.valueToTree(e.replyTo));
        out.put("last_event", e.lastEvent());
        out.put("scheduled_at", e.scheduledFor == null ? null : ResendEmulator.timestamp(e.scheduledFor));
        ArrayNode tags = out.putArray("tags");
        e.tags.forEach((k, v) -> tags.addObject().put("name", k).put("value", v));
        return out;
    }

    private StoredEmail store(EmailParser.Parsed parsed, Instant now) {
        StoredEmail e = new StoredEmail(UUID.randomUUID().toString(), parsed, now);
        synchronized (ordered) {
            byId.put(e.id, e);
            ordered.add(e);
        }
        scheduleAutoEvents(e, now);
        return e;
    }

    private void scheduleAutoEvents(StoredEmail e, Instant now) {
        if (!autoEvents) {
            return;
        }
        long gen = generation.get();
        long delay = autoEventDelayMs;
        if (e.scheduledFor != null && e.scheduledFor.isAfter(now)) {
            delay = Math.max(delay, e.scheduledFor.toEpochMilli() - now.toEpochMilli());
        }
        List<String> sequence = autoSequence(e);
        webhooks.schedule(() -> {
            for (String type : sequence) {
                if (generation.get() != gen || "canceled".equals(e.lastEvent())) {
                    return;
                }
                emit(e, type, null);
            }
        }, delay);
    }

    /** Resend's test addresses (bounced@ / complained@resend.dev) produce their events; others are delivered. */
    private static List<String> autoSequence(StoredEmail e) {
        List<String> all = new ArrayList<>(e.to);
        all.addAll(e.cc);
        all.addAll(e.bcc);
        String joined = String.join(",", all).toLowerCase(Locale.ROOT);
        if (joined.contains("bounced@resend.dev")) {
            return List.of("email.sent", "email.bounced");
        }
        if (joined.contains("complained@resend.dev")) {
            return List.of("email.sent", "email.delivered", "email.complained");
        }
        return List.of("email.sent", "email.delivered");
    }
}
