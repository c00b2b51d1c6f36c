package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Graph call, either from the wire or from a {@code $batch} step: method, path below {@code /graph/v1.0},
 * decoded query, headers (case-insensitive) and body.
 */
record GraphRequest(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
        String baseUrl) {

    GraphRequest {
        method = method.toUpperCase(Locale.ROOT);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = h;
        body = body == null ? new byte[0] : body;
    }

    String header(String name) {
        return headers.get(name);
    }

    /** The body as JSON; an empty body reads as an empty object. */
    JsonNode json() throws IOException {
        return body.length == 0 ? Http.JSON.createObjectNode() : Http.JSON.readTree(body);
    }

    /** The Graph root the client sees, e.g. {@code http://127.0.0.1:8025/graph/v1.0}. */
    String graphRoot() {
        return baseUrl + "/graph/v1.0";
    }
}
