package com.workestra.email.sandbox.google;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.workestra.email.sandbox.Http;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Gmail API answer, written to the wire or into a batch part. */
final class ApiResponse {

    final int status;
    final String contentType;
    final byte[] body;
    final Map<String, String> headers = new LinkedHashMap<>();

    ApiResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    static ApiResponse json(int status, Object value) {
        try {
            return new ApiResponse(status, "application/json; charset=UTF-8", Http.JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiResponse empty(int status) {
        return new ApiResponse(status, null, new byte[0]);
    }

    ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
