package com.workestra.email.sandbox.microsoft;

import com.workestra.email.sandbox.Http;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The answer to one Graph call; written to the wire or embedded in a {@code $batch} response. */
final class GraphResponse {

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final String contentType;
    final byte[] body;
    /** The JSON value when the body is JSON (kept so $batch can embed it without reparsing). */
    final Object json;

    private GraphResponse(int status, String contentType, byte[] body, Object json) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.json = json;
    }

    static GraphResponse json(int status, Object value) {
        try {
            return new GraphResponse(status, "application/json; charset=utf-8", Http.JSON.writeValueAsBytes(value),
                    value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GraphResponse bytes(int status, String contentType, byte[] body) {
        return new GraphResponse(status, contentType, body, null);
    }

    static GraphResponse text(int status, String text) {
        return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static GraphResponse empty(int status) {
        return new GraphResponse(status, null, new byte[0], null);
    }

    GraphResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Graph's error shape: {@code {"error":{"code","message","innerError":{date, request-id, client-request-id}}}}. */
    static GraphResponse error(int status, String code, String message) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("date", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        inner.put("request-id", java.util.UUID.randomUUID().toString());
        inner.put("client-request-id", java.util.UUID.randomUUID().toString());
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", code);
        err.put("message", message);
        err.put("innerError", inner);
        return json(status, Map.of("error", err));
    }
}
