package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Resend webhook endpoints and the Svix-signed delivery of events to them (one attempt, no retries). */
final class WebhookHub implements AutoCloseable {

    /** Email event types that can be emitted for a sent email. */
    static final List<String> EMAIL_EVENTS = List.of("email.sent", "email.delivered", "email.delivery_delayed",
            "email.complained", "email.bounced", "email.opened", "email.clicked");
    /** Every event type the webhooks API accepts (the SDK's {@code WebhookEvent} values). */
    static final Set<String> ALL_EVENTS = Set.of("email.sent", "email.delivered", "email.delivery_delayed",
            "email.complained", "email.bounced", "email.opened", "email.clicked", "email.received", "email.failed",
            "contact.created", "contact.updated", "contact.deleted", "domain.created", "domain.updated",
            "domain.deleted");
    private static final int LOG_SIZE = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One registered endpoint. */
    static final class Webhook {
        final String id = UUID.randomUUID().toString();
        final long seq;
        final String secret;
        final Instant createdAt;
        volatile String endpoint;
        volatile List<String> events;
        volatile boolean enabled = true;

        Webhook(long seq, String endpoint, List<String> events, String secret, Instant createdAt) {
            this.seq = seq;
            this.endpoint = endpoint;
            this.events = events;
            this.secret = secret;
            this.createdAt = createdAt;
        }
    }

    /** The outcome of one delivery attempt; status 0 when the receiver could not be reached. */
    record Delivery(String svixId, String webhookId, String endpoint, String type, String emailId, int status,
            String error, Instant at) {
    }

    private final Map<String, Webhook> hooks = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final Deque<Delivery> log = new ArrayDeque<>();
    private final ExecutorService httpExecutor = Executors.newCachedThreadPool(daemon("resend-webhook-http"));
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(daemon("resend-webhook-events"));
    private final HttpClient client = HttpClient.newBuilder()
            .executor(httpExecutor)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    ObjectNode create(JsonNode body, Instant now) {
        String endpoint = endpoint(body.path("endpoint").asText(null));
        List<String> events = events(body.get("events"));
        Webhook w = register(endpoint, SvixSigner.newSecret(), events, now);
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "webhook");
        out.put("id", w.id);
        out.put("signing_secret", w.secret);
        return out;
    }

    Webhook register(String endpoint, String secret, List<String> events, Instant now) {
        Webhook w = new Webhook(seq.incrementAndGet(), endpoint, List.copyOf(events), secret, now);
        hooks.put(w.id, w);
        return w;
    }

    ObjectNode get(String id) {
        Webhook w = find(id);
        ObjectNode out = describe(w);
        out.put("signing_secret", w.secret);
        return out;
    }

    ObjectNode update(String id, JsonNode body) {
        Webhook w = find(id);
        String endpoint = body.hasNonNull("endpoint") ? endpoint(body.get("endpoint").asText()) : null;
        List<String> events = body.hasNonNull("events") ? events(body.get("events")) : null;
        String status = body.hasNonNull("status") ? body.get("status").asText() : null;
        if (status != null && !status.equals("enabled") && !status.equals("disabled")) {
            throw ResendError.validation("Invalid `status` field. Must be \"enabled\" or \"disabled\".");
        }
        if (endpoint != null) {
            w.endpoint = endpoint;
        }
        if (events != null) {
            w.events = events;
        }
        if (status != null) {
            w.enabled = status.equals("enabled");
        }
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "webhook");
        out.put("id", w.id);
        return out;
    }

    ObjectNode remove(String id) {
        Webhook w = find(id);
        hooks.remove(w.id);
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "webhook");
        out.put("id", w.id);
        out.put("deleted", true);
        return out;
    }

    ObjectNode list() {
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "list");
        out.put("has_more", false);
        ArrayNode data = out.putArray("data");
        ordered(Comparator.comparingLong((Webhook w) -> w.seq).reversed()).forEach(w -> data.add(describe(w)));
        return out;
    }

    /** Delivers one event to every enabled endpoint subscribed to {@code type}, oldest endpoint first. */
    List<Delivery> deliver(String type, String emailId, String body) {
        return deliver(type, emailId, body, 0);
    }

    /** As {@link #deliver(String, String, String)}, signed with a timestamp {@code signedSecondsAgo} old. */
    List<Delivery> deliver(String type, String emailId, String body, long signedSecondsAgo) {
        List<Delivery> out = new ArrayList<>();
        for (Webhook w : ordered(Comparator.comparingLong(h -> h.seq))) {
            if (w.enabled && w.events.contains(type)) {
                out.add(send(w, type, emailId, body, signedSecondsAgo));
            }
        }
        return out;
    }

    List<Delivery> deliveries() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    void schedule(Runnable task, long delayMs) {
        scheduler.schedule(task, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    void clear() {
        hooks.clear();
        synchronized (log) {
            log.clear();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }

    private Delivery send(Webhook w, String type, String emailId, String body, long signedSecondsAgo) {
        String msgId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        long ts = Instant.now().getEpochSecond() - signedSecondsAgo;
        String endpoint = w.endpoint;
        int status = 0;
        String error = null;
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Svix-Webhooks/1.0 (workestra-sandbox)")
                    .header("svix-id", msgId)
                    .header("svix-timestamp", Long.toString(ts))
                    .header("svix-signature", SvixSigner.sign(w.secret, msgId, ts, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            error = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        Delivery d = new Delivery(msgId, w.id, endpoint, type, emailId, status, error, Instant.now());
        synchronized (log) {
            log.addLast(d);
            while (log.size() > LOG_SIZE) {
                log.removeFirst();
            }
        }
        return d;
    }

    private List<Webhook> ordered(Comparator<Webhook> order) {
        List<Webhook> all = new ArrayList<>(hooks.values());
        all.sort(order);
        return all;
    }

    private Webhook find(String id) {
        Webhook w = hooks.get(id);
        if (w == null) {
            throw ResendError.notFound("Webhook not found");
        }
        return w;
    }

    private static ObjectNode describe(Webhook w) {
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "webhook");
        out.put("id", w.id);
        out.put("created_at", ResendEmulator.timestamp(w.createdAt));
        out.put("status", w.enabled ? "enabled" : "disabled");
        out.put("endpoint", w.endpoint);
        ArrayNode events = out.putArray("events");
        w.events.forEach(events::add);
        return out;
    }

    static String endpoint(String value) {
        if (value == null || value.isBlank()) {
            throw ResendError.validation("Missing `endpoint` field.");
        }
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the validation error
        }
        throw ResendError.validation("Invalid `endpoint` field. Must be a valid URL.");
    }

    private static List<String> events(JsonNode n) {
        if (n == null || n.isNull() || n.isArray() && n.isEmpty()) {
            throw ResendError.validation("Missing `events` field.");
        }
        if (!n.isArray()) {
            throw ResendError.validation("Invalid `events` field. Expected an array of event types.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!ALL_EVENTS.contains(e.asText())) {
                throw ResendError.validation("Invalid event type `" + e.asText() + "`.");
            }
            out.add(e.asText());
        }
        return List.copyOf(out);
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
