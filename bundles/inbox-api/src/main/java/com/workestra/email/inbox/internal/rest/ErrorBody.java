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
        return jakarta.ws.rs.core.Response.status(status)
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(error, message, details == null ? Map.of() : details))
                .build();
    }
}
