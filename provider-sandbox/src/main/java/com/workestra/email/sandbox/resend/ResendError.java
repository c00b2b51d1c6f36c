package com.workestra.email.sandbox.resend;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Resend API failure, answered as {@code {"statusCode":..,"name":..,"message":..}}. */
final class ResendError extends RuntimeException {

    final int status;
    final String name;

    ResendError(int status, String name, String message) {
        super(message, null, false, false);
        this.status = status;
        this.name = name;
    }

    static ResendError validation(String message) {
        return new ResendError(422, "validation_error", message);
    }

    static ResendError notFound(String message) {
        return new ResendError(404, "not_found", message);
    }

    /** The JSON body Resend sends with this error. */
    Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statusCode", status);
        m.put("name", name);
        m.put("message", getMessage());
        return m;
    }
}
