package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregates the contributors into the health document: down when any is down or the store is missing, degraded when
 * any works with reduced function (for example no identity provider or no OAuth client id), up otherwise.
 */
final class HealthReport {

    private HealthReport() {
    }

    /**
     * The document and whether the service is down.
     *
     * @param down whether any component is down
     * @param body the JSON document
     */
    record Result(boolean down, Map<String, Object> body) {
    }

    static Result of(Collection<HealthContributor> contributors, Instant now) {
        Map<String, Object> components = new TreeMap<>();
        boolean down = false;
        boolean degraded = false;
        for (HealthContributor c : contributors) {
            HealthStatus s;
            try {
                s = c.check();
            } catch (RuntimeException e) {
                s = HealthStatus.down("Health check failed: " + e.getClass().getSimpleName());
            }
            down |= HealthStatus.DOWN.equals(s.status());
            degraded |= HealthStatus.DEGRADED.equals(s.status());
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", s.status());
            if (s.message() != null) {
                one.put("message", s.message());
            }
            one.putAll(s.details());
            components.put(c.name(), one);
        }
        if (!components.containsKey("database")) {
            down = true;
            components.put("database", Map.of("status", HealthStatus.DOWN,
                    "message", "The email store is not running (no database yet)."));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", down ? HealthStatus.DOWN : degraded ? HealthStatus.DEGRADED : HealthStatus.UP);
        body.put("checkedAt", now.toString());
        body.put("components", components);
        return new Result(down, body);
    }
}
