package com.workestra.email.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runtime switches of the sandbox ({@code GET/PUT /_sandbox/settings}), read live by every emulator. */
public final class Settings {

    /** Default access-token lifetime (as the real providers: one hour). */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);
    /** Default history retention: Gmail keeps history for at least a week. */
    public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(7);

    private volatile boolean quotas = true;
    private volatile Duration accessTokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private volatile Duration historyRetention = DEFAULT_HISTORY_RETENTION;

    /** Whether provider-faithful limits (Gmail quota units, Graph throttling, Resend rate limit) apply. */
    public boolean quotas() {
        return quotas;
    }

    public void quotas(boolean on) {
        this.quotas = on;
    }

    /** Lifetime of newly issued access tokens (short values exercise clients' refresh paths). */
    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    public void accessTokenLifetime(Duration d) {
        this.accessTokenLifetime = d;
    }

    /** Changes older than this are forgotten; cursors before them are invalid (Gmail 404, Graph 410). */
    public Duration historyRetention() {
        return historyRetention;
    }

    public void historyRetention(Duration d) {
        this.historyRetention = d;
    }

    /** Back to the defaults (POST /_sandbox/reset). */
    public void reset() {
        quotas = true;
        accessTokenLifetime = DEFAULT_TOKEN_LIFETIME;
        historyRetention = DEFAULT_HISTORY_RETENTION;
    }

    /** The JSON view of the control API. */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quotas", quotas);
        m.put("accessTokenLifetimeSeconds", accessTokenLifetime.toSeconds());
        m.put("historyRetentionSeconds", historyRetention.toSeconds());
        return m;
    }
}
