package com.workestra.email.api;

import java.util.Map;

/**
 * A failure that reaches the REST client as the error JSON of the API contract:
 * {@code {"error": code, "message": sentence, "details": {...}}} with the given HTTP status.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final Map<String, Object> details;

    /**
     * Creates the failure.
     *
     * @param status HTTP status (400, 401, 404, 409, 422, 429, 502, 503)
     * @param code a stable machine-readable code
     * @param message a sentence a person understands; never contains secrets
     * @param details extra facts, for example the field at fault
     */
    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A 400 naming the field at fault. */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad_request", message, Map.of("field", field));
    }

    /** A 404 for a missing object or one the caller may not see. */
    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " was not found.", Map.of());
    }

    /** A 409 state conflict. */
    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message, Map.of());
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The machine-readable code. */
    public String code() {
        return code;
    }

    /** Extra facts for the client. */
    public Map<String, Object> details() {
        return details;
    }
}
