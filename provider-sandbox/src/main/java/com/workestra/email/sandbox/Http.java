package com.workestra.email.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Small helpers shared by all emulators: request bodies (gzip aware), query strings and JSON answers. */
public final class Http {

    /** The JSON mapper used by every emulator. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Http() {
    }

    /** Reads the whole request body, transparently un-gzipping it when Content-Encoding says gzip. */
    public static byte[] body(HttpExchange ex) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (enc != null && enc.toLowerCase().contains("gzip") && raw.length > 0) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return gz.readAllBytes();
            }
        }
        return raw;
    }

    /** Reads the request body as JSON (an empty body reads as an empty object). */
    public static JsonNode json(HttpExchange ex) throws IOException {
        byte[] b = body(ex);
        return b.length == 0 ? JSON.createObjectNode() : JSON.readTree(b);
    }

    /** Decodes the query string (first value wins for repeated names). */
    public static Map<String, String> query(HttpExchange ex) {
        return form(ex.getRequestURI().getRawQuery());
    }

    /** Decodes an application/x-www-form-urlencoded string (first value wins). */
    public static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** Sends a JSON answer. */
    public static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body));
    }

    /** Sends raw bytes with a content type; status 204/304 send no body. */
    public static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean empty = status == 204 || status == 304 || body == null || body.length == 0;
        ex.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** Sends a plain text answer. */
    public static void sendText(HttpExchange ex, int status, String text) throws IOException {
        send(ex, status, "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
