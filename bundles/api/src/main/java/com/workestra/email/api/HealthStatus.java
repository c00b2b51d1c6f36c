package com.workestra.email.api;

import java.util.Map;

/**
 * The health of one component.
 *
 * @param status {@code up}, {@code degraded} or {@code down}
 * @param message a sentence for operators, or null when up
 * @param details facts such as versions, counts or timestamps
 */
public record HealthStatus(String status, String message, Map<String, Object> details) {

    /** Status of a working component. */
    public static final String UP = "up";
    /** Status of a component that works with reduced function. */
    public static final String DEGRADED = "degraded";
    /** Status of a component that does not work. */
    public static final String DOWN = "down";

    /** Copies the details. */
    public HealthStatus {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A working component with details. */
    public static HealthStatus up(Map<String, Object> details) {
        return new HealthStatus(UP, null, details);
    }

    /** A failed component with a reason. */
    public static HealthStatus down(String message) {
        return new HealthStatus(DOWN, message, Map.of());
    }
}
