package com.workestra.email.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Injected faults ({@code POST/DELETE /_sandbox/faults}), applied by the router before any emulator runs: the next
 * {@code times} requests of a provider whose path matches {@code pathPattern} (regex, {@code find()}) get the fault.
 */
public final class Faults {

    /** One injected fault; {@code status} 0 means "only delay, then serve normally". */
    public static final class Rule {
        final Provider provider;
        final Pattern pattern;
        final int status;
        final AtomicInteger remaining;
        final Integer retryAfter;
        final long delayMs;
        final JsonNode body;

        Rule(Provider provider, Pattern pattern, int status, int times, Integer retryAfter, long delayMs,
                JsonNode body) {
            this.provider = provider;
            this.pattern = pattern;
            this.status = status;
            this.remaining = new AtomicInteger(times);
            this.retryAfter = retryAfter;
            this.delayMs = delayMs;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public Integer retryAfter() {
            return retryAfter;
        }

        public long delayMs() {
            return delayMs;
        }

        /** The body as given: an object or array (sent as JSON), a string (sent as is), or null. */
        public JsonNode body() {
            return body;
        }

        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", provider.id());
            m.put("pathPattern", pattern.pattern());
            m.put("status", status);
            m.put("remaining", remaining.get());
            m.put("retryAfter", retryAfter);
            m.put("delayMs", delayMs);
            m.put("body", body);
            return m;
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    /**
     * Adds a rule from the control API body {@code {provider, pathPattern, status, times, retryAfter?, delayMs?,
     * body?}}.
     *
     * @throws IllegalArgumentException on a bad provider, regex or status
     */
    public Rule add(JsonNode spec) {
        Provider p = Provider.of(spec.path("provider").asText(null));
        if (p == null) {
            throw new IllegalArgumentException("provider must be gmail, outlook or resend");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(spec.path("pathPattern").asText(".*"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pathPattern is not a valid regex: " + e.getDescription());
        }
        int status = spec.path("status").asInt(0);
        long delay = spec.path("delayMs").asLong(0);
        if (status != 0 && (status < 100 || status > 599) || status == 0 && delay <= 0) {
            throw new IllegalArgumentException("status must be an HTTP status (or 0 with delayMs)");
        }
        int times = spec.path("times").asInt(1);
        Integer retryAfter = spec.hasNonNull("retryAfter") ? spec.get("retryAfter").asInt() : null;
        JsonNode body = spec.hasNonNull("body") ? spec.get("body") : null;
        Rule r = new Rule(p, pattern, status, times, retryAfter, delay, body);
        rules.add(r);
        return r;
    }

    /** Claims the first live rule matching this request (decrementing its count), or null. */
    public Rule claim(Provider provider, String path) {
        for (Rule r : rules) {
            if (r.provider == provider && r.pattern.matcher(path).find()) {
                int left = r.remaining.getAndDecrement();
                if (left > 0) {
                    if (left == 1) {
                        rules.remove(r);
                    }
                    return r;
                }
                rules.remove(r);
            }
        }
        return null;
    }

    /** Live rules, for {@code GET /_sandbox/faults}. */
    public List<Map<String, Object>> view() {
        List<Map<String, Object>> out = new ArrayList<>();
        rules.forEach(r -> out.add(r.view()));
        return out;
    }

    public void clear() {
        rules.clear();
    }

    /** A default error body in the provider's own shape, used when a fault gives no body. */
    static ObjectNode defaultBody(Provider provider, String path, int status) {
        ObjectNode root = Http.JSON.createObjectNode();
        String reason = reasonPhrase(status);
        switch (provider) {
            case GMAIL -> {
                if (path.startsWith("/google/token") || path.startsWith("/google/o/")) {
                    root.put("error", status == 400 || status == 401 ? "invalid_grant" : "server_error");
                    root.put("error_description", "Injected fault (" + status + ")");
                } else {
                    ObjectNode err = root.putObject("error");
                    err.put("code", status);
                    err.put("message", "Injected fault: " + reason);
                    ObjectNode e = err.putArray("errors").addObject();
                    e.put("message", "Injected fault: " + reason);
                    e.put("domain", status == 429 ? "usageLimits" : "global");
                    e.put("reason", status == 429 ? "rateLimitExceeded" : status >= 500 ? "backendError" : "failed");
                    err.put("status", googleStatus(status));
                }
            }
            case OUTLOOK -> {
                if (path.startsWith("/microsoft/")) {
                    root.put("error", status == 400 ? "invalid_grant" : "temporarily_unavailable");
                    root.put("error_description", "AADSTS50000: Injected fault (" + status + ").");
                } else {
                    ObjectNode err = root.putObject("error");
                    err.put("code", status == 429 ? "TooManyRequests" : status >= 500 ? "ServiceUnavailable"
                            : "ErrorInjected");
                    err.put("message", "Injected fault: " + reason);
                }
            }
            case RESEND -> {
                root.put("statusCode", status);
                root.put("name", status == 429 ? "rate_limit_exceeded" : "application_error");
                root.put("message", "Injected fault: " + reason);
            }
        }
        return root;
    }

    /** Google's canonical status name for an HTTP status. */
    public static String googleStatus(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 500 -> "INTERNAL";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "UNKNOWN";
        };
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }
}
