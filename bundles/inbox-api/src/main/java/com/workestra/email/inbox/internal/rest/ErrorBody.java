package com.workestra.email.inbox.internal.rest;

import java.util.Map;

/**
 * The error JSON of the API contract.
 *
 * @param error machine-readable code
 * @param message a sentence for people
 * @param details extra facts (e.g. the field at fault)
 */
public record ErrorBody(String error, String message, Map<String, Object> details) {

    static jakarta.ws.rs.core.Response response(int status, String error, String message,
            Map<String, Object> details) {
        jakarta.ws.rs.core.Response.ResponseBuilder r = jakarta.ws.rs.core.Response.status(status);
        if (details != null && details.get("retryAfter") != null) {
            // 429/503 answers that know when to come back say so in the standard header too
            r.header("Retry-After", String.valueOf(details.get("retryAfter")));
        }
        return r
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(error, message, details == null ? Map.of() : details))
                .build();
    }
}
