package com.workestra.email.sandbox.google;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One Gmail API request, from the wire or from a batch part: path relative to {@code /google}, decoded body. */
record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
        byte[] body) {

    static ApiRequest of(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        return new ApiRequest(method.toUpperCase(Locale.ROOT), path, parseQuery(rawQuery), h, body);
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** First value of a query parameter, or null. */
    String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** All values of a repeated query parameter (also comma-separated ones). */
    List<String> params(String name) {
        List<String> out = new ArrayList<>();
        for (String v : query.getOrDefault(name, List.of())) {
            for (String x : v.split(",")) {
                if (!x.isBlank()) {
                    out.add(x.trim());
                }
            }
        }
        return out;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
