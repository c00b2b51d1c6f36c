package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.workestra.email.sandbox.Emulator;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.SandboxServer;
import com.workestra.email.sandbox.Stats;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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

    final DomainStore domains = new DomainStore();
    final WebhookHub webhooks = new WebhookHub();
    final EmailBox emails = new EmailBox(webhooks);
    final RateLimiter limiter = new RateLimiter(DEFAULT_RATE_LIMIT, System::nanoTime);
    final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();
    private final ResendControl control = new ResendControl(this);
    private volatile BooleanSupplier limitsEnabled;
    private final Stats stats;

    /** An emulator with the provider limits (rate limit) switched on. */
    public ResendEmulator() {
        this(true);
    }

    /**
     * The emulator mounted by {@link SandboxServer}: limits follow the live sandbox-wide {@code quotas} setting and
     * requests are counted per method in the server's stats.
     */
    public ResendEmulator(SandboxServer server) {
        this(server.settings()::quotas, server.stats());
    }

    /** An emulator whose provider limits are fixed on or off. */
    public ResendEmulator(boolean limitsEnabled) {
        this(() -> limitsEnabled);
    }

    /**
     * An emulator that reads, on every request, whether provider limits apply (e.g. the sandbox-wide
     * {@code Settings::quotas}).
     */
    public ResendEmulator(BooleanSupplier limitsEnabled) {
        this(limitsEnabled, null);
    }

    private ResendEmulator(BooleanSupplier limitsEnabled, Stats stats) {
        this.limitsEnabled = limitsEnabled;
        this.stats = stats;
    }

    /** Switches the provider limits (the per-key rate limit) on or off, replacing any live setting. */
    public void setLimitsEnabled(boolean enabled) {
        this.limitsEnabled = () -> enabled;
    }

    /** Whether the provider limits are enforced right now. */
    public boolean isLimitsEnabled() {
        return limitsEnabled.getAsBoolean();
    }

    /** Sets the per-API-key limit in requests per second (default {@value #DEFAULT_RATE_LIMIT}). */
    public void setRateLimitPerSecond(int perSecond) {
        limiter.setLimit(perSecond);
    }

    /** Switches the automatic email.sent / email.delivered events after a send and sets their delay. */
    public void setAutoEvents(boolean enabled, long delayMs) {
        emails.setAutoEvents(enabled, delayMs);
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
        emails.clear();
        domains.clear();
        webhooks.clear();
        limiter.clear();
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
        if (!isLimitsEnabled()) {
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
        if (stats != null) {
            stats.count("resend", methodName(method, seg));
        }
        switch (seg[0]) {
            case "emails":
                if (seg.length == 1) {
                    return "POST".equals(method)
                            ? emails.sendOne(Http.json(ex), key, ex.getRequestHeaders().getFirst("Idempotency-Key"))
                            : requireGet(method, () -> emails.list(limit(ex)));
                }
                if (seg.length == 2 && "batch".equals(seg[1])) {
                    requireMethod(method, "POST");
                    Headers h = ex.getRequestHeaders();
                    return emails.sendBatch(Http.json(ex), key, h.getFirst("Idempotency-Key"),
                            "permissive".equalsIgnoreCase(h.getFirst("x-batch-validation")));
                }
                if (seg.length == 2) {
                    return requireGet(method, () -> EmailBox.describe(emails.find(seg[1])));
                }
                if (seg.length == 3 && "cancel".equals(seg[2])) {
                    requireMethod(method, "POST");
                    return emails.cancel(seg[1]);
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

    /** A stats name such as {@code emails.send}, {@code emails.get}, {@code domains.verify}. */
    private static String methodName(String method, String[] seg) {
        String action = switch (method) {
            case "POST" -> seg.length == 1 ? (seg[0].equals("emails") ? "send" : "create") : seg[seg.length - 1];
            case "GET" -> seg.length == 1 ? "list" : "get";
            case "PATCH" -> "update";
            case "DELETE" -> "remove";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return seg[0] + "." + action;
    }

    private static void requireMethod(String method, String expected) {
        if (!expected.equals(method)) {
            throw new ResendError(405, "method_not_allowed", "Method is not allowed for the requested path.");
        }
    }

    private static Object requireGet(String method, Supplier<Object> action) {
        requireMethod(method, "GET");
        return action.get();
    }

    private static int limit(HttpExchange ex) {
        try {
            return Integer.parseInt(Http.query(ex).getOrDefault("limit", "20"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }


    /** Resend's timestamp format, e.g. {@code 2024-02-22T23:41:11.894719+00:00}. */
    static String timestamp(Instant t) {
        return TIMESTAMP.format(t);
    }
}
