package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.workestra.email.sandbox.Emulator;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulates the Resend REST API under {@code /resend/} closely enough for the official Java SDK: emails (single,
 * batch, get, list, cancel), domains, webhooks with Svix-signed event delivery, API-key checks, Idempotency-Key and
 * the per-key rate limit with ratelimit-* headers. Control area: {@code /_sandbox/resend/...} (see RESEND-WIRE.md).
 * Call {@link #close()} to stop the webhook executors.
 */
public final class ResendEmulator implements Emulator, AutoCloseable {

    /** The path prefix this emulator serves. */
    public static final String PREFIX = "/resend/";
    /** Resend's default rate limit: requests per second per API key. */
    public static final int DEFAULT_RATE_LIMIT = 2;
    /** Default delay between a send and its automatic email.sent / email.delivered events. */
    public static final long DEFAULT_AUTO_EVENT_DELAY_MS = 100;
    /** Largest batch Resend accepts. */
    public static final int MAX_BATCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ResendEmulator.class);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    final Map<String, StoredEmail> emails = new ConcurrentHashMap<>();
    private final List<StoredEmail> ordered = new ArrayList<>();
    final DomainStore domains = new DomainStore();
    final WebhookHub webhooks = new WebhookHub();
    final RateLimiter limiter = new RateLimiter(DEFAULT_RATE_LIMIT, System::nanoTime);
    final IdempotencyStore idempotency = new IdempotencyStore();
    final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private final ResendControl control = new ResendControl(this);
    private volatile boolean limitsEnabled;
    private volatile boolean autoEvents = true;
    private volatile long autoEventDelayMs = DEFAULT_AUTO_EVENT_DELAY_MS;

    /** An emulator with the provider limits (rate limit) switched on. */
    public ResendEmulator() {
        this(true);
    }

    /** An emulator whose provider limits are on or off, as the sandbox-wide setting says. */
    public ResendEmulator(boolean limitsEnabled) {
        this.limitsEnabled = limitsEnabled;
    }

    /** Switches the provider limits (the per-key rate limit) on or off. */
    public void setLimitsEnabled(boolean enabled) {
        this.limitsEnabled = enabled;
    }

    /** Whether the provider limits are enforced. */
    public boolean isLimitsEnabled() {
        return limitsEnabled;
    }

    /** Sets the per-API-key limit in requests per second (default {@value #DEFAULT_RATE_LIMIT}). */
    public void setRateLimitPerSecond(int perSecond) {
        limiter.setLimit(perSecond);
    }

    /** Switches the automatic email.sent / email.delivered events after a send and sets their delay. */
    public void setAutoEvents(boolean enabled, long delayMs) {
        this.autoEvents = enabled;
        this.autoEventDelayMs = Math.max(0, delayMs);
    }

    boolean autoEvents() {
        return autoEvents;
    }

    long autoEventDelayMs() {
        return autoEventDelayMs;
    }

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    public String controlName() {
        return "resend";
    }

    @Override
    public boolean handleControl(HttpExchange exchange, String rest) throws IOException {
        return control.handle(exchange, rest);
    }

    @Override
    public void reset() {
        generation.incrementAndGet();
        synchronized (ordered) {
            emails.clear();
            ordered.clear();
        }
        domains.clear();
        webhooks.clear();
        limiter.clear();
        idempotency.clear();
        revokedKeys.clear();
        limiter.setLimit(DEFAULT_RATE_LIMIT);
        setAutoEvents(true, DEFAULT_AUTO_EVENT_DELAY_MS);
    }

    /** Stops the webhook delivery executors. */
    @Override
    public void close() {
        webhooks.close();
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring(PREFIX.length() - 1);
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            String key = authenticate(ex.getRequestHeaders());
            applyRateLimit(ex, key);
            Object answer = route(ex, ex.getRequestMethod(), path, key);
            Http.sendJson(ex, 200, answer);
        } catch (ResendError e) {
            Http.sendJson(ex, e.status, e.body());
        } catch (JsonProcessingException e) {
            Http.sendJson(ex, 400, new ResendError(400, "validation_error", "Invalid JSON in request body.").body());
        } catch (RuntimeException e) {
            LOG.warn("resend: unexpected failure on {} {}", ex.getRequestMethod(), path, e);
            Http.sendJson(ex, 500, new ResendError(500, "internal_server_error",
                    "An unexpected error occurred, please try again later.").body());
        }
    }

    private String authenticate(Headers headers) {
        String auth = headers.getFirst("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
            throw new ResendError(401, "missing_api_key", "Missing API key in the authorization header. Include the "
                    + "following header in the request: Authorization: Bearer YOUR_API_KEY");
        }
        String key = auth.substring(7).trim();
        if (!key.startsWith("re_") || revokedKeys.contains(key)) {
            throw new ResendError(403, "invalid_api_key", "API key is invalid");
        }
        return key;
    }

    private void applyRateLimit(HttpExchange ex, String key) {
        if (!limitsEnabled) {
            return;
        }
        RateLimiter.Decision d = limiter.acquire(key);
        Headers h = ex.getResponseHeaders();
        h.set("ratelimit-limit", Integer.toString(d.limit()));
        h.set("ratelimit-remaining", Integer.toString(d.remaining()));
        h.set("ratelimit-reset", Long.toString(d.resetSeconds()));
        if (!d.allowed()) {
            h.set("retry-after", Long.toString(d.resetSeconds()));
            throw new ResendError(429, "rate_limit_exceeded", "Too many requests. You can only make " + d.limit()
                    + " requests per second. See rate limit response headers for more information. Or contact "
                    + "support to increase rate limit.");
        }
    }

    private Object route(HttpExchange ex, String method, String path, String key) throws IOException {
        String[] seg = path.substring(1).split("/", -1);
        switch (seg[0]) {
            case "emails":
                if (seg.length == 1) {
                    return "POST".equals(method) ? sendOne(ex, key) : requireGet(method, () -> listEmails(ex));
                }
                if (seg.length == 2 && "batch".equals(seg[1])) {
                    requireMethod(method, "POST");
                    return sendBatch(ex, key);
                }
                if (seg.length == 2) {
                    return requireGet(method, () -> describe(findEmail(seg[1])));
                }
                if (seg.length == 3 && "cancel".equals(seg[2])) {
                    requireMethod(method, "POST");
                    return cancel(findEmail(seg[1]));
                }
                break;
            case "domains":
                if (seg.length == 1) {
                    return "POST".equals(method) ? domains.create(Http.json(ex), Instant.now())
                            : requireGet(method, domains::list);
                }
                if (seg.length == 2) {
                    if ("DELETE".equals(method)) {
                        return domains.remove(seg[1]);
                    }
                    return requireGet(method, () -> domains.get(seg[1]));
                }
                if (seg.length == 3 && "verify".equals(seg[2])) {
                    requireMethod(method, "POST");
                    return domains.verify(seg[1]);
                }
                break;
            case "webhooks":
                if (seg.length == 1) {
                    return "POST".equals(method) ? webhooks.create(Http.json(ex), Instant.now())
                            : requireGet(method, webhooks::list);
                }
                if (seg.length == 2) {
                    switch (method) {
                        case "DELETE":
                            return webhooks.remove(seg[1]);
                        case "PATCH":
                            return webhooks.update(seg[1], Http.json(ex));
                        default:
                            return requireGet(method, () -> webhooks.get(seg[1]));
                    }
                }
                break;
            default:
                break;
        }
        throw ResendError.notFound("The requested endpoint does not exist.");
    }

    private static void requireMethod(String method, String expected) {
        if (!expected.equals(method)) {
            throw new ResendError(405, "method_not_allowed", "Method is not allowed for the requested path.");
        }
    }

    private static Object requireGet(String method, java.util.function.Supplier<Object> action) {
        requireMethod(method, "GET");
        return action.get();
    }

    private Object sendOne(HttpExchange ex, String key) throws IOException {
        JsonNode body = Http.json(ex);
        Instant now = Instant.now();
        return idempotency.run(key + " /emails", ex.getRequestHeaders().getFirst("Idempotency-Key"), body, now,
                () -> Map.of("id", store(EmailParser.parse(body, false, now), now).id));
    }

    private Object sendBatch(HttpExchange ex, String key) throws IOException {
        JsonNode body = Http.json(ex);
        if (!body.isArray()) {
            throw ResendError.validation("The request body must be an array of emails.");
        }
        if (body.isEmpty() || body.size() > MAX_BATCH) {
            throw ResendError.validation("The batch must contain between 1 and " + MAX_BATCH + " emails.");
        }
        boolean permissive = "permissive".equalsIgnoreCase(ex.getRequestHeaders().getFirst("x-batch-validation"));
        Instant now = Instant.now();
        return idempotency.run(key + " /emails/batch", ex.getRequestHeaders().getFirst("Idempotency-Key"), body,
                now, () -> {
                    List<EmailParser.Parsed> valid = new ArrayList<>();
                    ObjectNode out = Http.JSON.createObjectNode();
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
                    ArrayNode data = out.putArray("data");
                    valid.forEach(p -> data.addObject().put("id", store(p, now).id));
                    if (permissive) {
                        out.set("errors", errors);
                    }
                    return out;
                });
    }

    private StoredEmail store(EmailParser.Parsed parsed, Instant now) {
        StoredEmail e = new StoredEmail(UUID.randomUUID().toString(), parsed, now);
        synchronized (ordered) {
            emails.put(e.id, e);
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
        String joined = String.join(",", all).toLowerCase(java.util.Locale.ROOT);
        if (joined.contains("bounced@resend.dev")) {
            return List.of("email.sent", "email.bounced");
        }
        if (joined.contains("complained@resend.dev")) {
            return List.of("email.sent", "email.delivered", "email.complained");
        }
        return List.of("email.sent", "email.delivered");
    }

    /** Records {@code type} as the email's last event and delivers it to the subscribed webhooks. */
    List<WebhookHub.Delivery> emit(StoredEmail e, String type, JsonNode extraData) {
        e.lastEvent(type.substring("email.".length()));
        return webhooks.deliver(type, e.id, EventPayloads.build(e, type, Instant.now(), extraData));
    }

    StoredEmail findEmail(String id) {
        StoredEmail e = emails.get(id);
        if (e == null) {
            throw ResendError.notFound("Email not found");
        }
        return e;
    }

    List<StoredEmail> emailsOldestFirst() {
        synchronized (ordered) {
            return new ArrayList<>(ordered);
        }
    }

    private Object cancel(StoredEmail e) {
        synchronized (e) {
            if (!"scheduled".equals(e.lastEvent())) {
                throw ResendError.validation("Only scheduled emails can be canceled.");
            }
            e.lastEvent("canceled");
        }
        return Map.of("object", "email", "id", e.id);
    }

    private Object listEmails(HttpExchange ex) {
        int limit;
        try {
            limit = Integer.parseInt(Http.query(ex).getOrDefault("limit", "20"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 100) {
            throw ResendError.validation("The `limit` parameter must be between 1 and 100.");
        }
        List<StoredEmail> all = emailsOldestFirst();
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

    private static ObjectNode describe(StoredEmail e) {
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "email");
        out.put("id", e.id);
        out.set("to", Http.JSON.valueToTree(e.to));
        out.put("from", e.from);
        out.put("created_at", timestamp(e.createdAt));
        out.put("subject", e.subject);
        out.put("html", e.html);
        out.put("text", e.text);
        out.set("bcc", e.bcc.isEmpty() ? null : Http.JSON.valueToTree(e.bcc));
        out.set("cc", e.cc.isEmpty() ? null : Http.JSON.valueToTree(e.cc));
        out.set("reply_to", e.replyTo.isEmpty() ? null : Http.JSON.valueToTree(e.replyTo));
        out.put("last_event", e.lastEvent());
        out.put("scheduled_at", e.scheduledFor == null ? null : timestamp(e.scheduledFor));
        ArrayNode tags = out.putArray("tags");
        e.tags.forEach((k, v) -> tags.addObject().put("name", k).put("value", v));
        return out;
    }

    /** Resend's timestamp format, e.g. {@code 2024-02-22T23:41:11.894719+00:00}. */
    static String timestamp(Instant t) {
        return TIMESTAMP.format(t);
    }
}
