package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OData query options and Prefer headers as Graph's mail endpoints read them. */
final class GraphQuery {

    static final int DEFAULT_PAGE = 10;
    static final int MAX_PAGE = 1000;

    private GraphQuery() {
    }

    /** Action parameters are matched case-insensitively, as Graph does (the SDK sends "Message"). */
    static JsonNode field(JsonNode body, String name) {
        var it = body.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static final Pattern RECEIVED_GE = Pattern.compile(
            "(?i)^\\s*receivedDateTime\\s+(ge|gt)\\s+([0-9T:.\\-+Z]+)\\s*$");

    /** Parses the one filter Graph's message delta supports ({@code receivedDateTime ge|gt <instant>}). */
    static Instant receivedFilter(String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        Matcher m = RECEIVED_GE.matcher(filter);
        if (!m.matches()) {
            throw new IllegalArgumentException("The query filter contains one or more invalid nodes.");
        }
        Instant t = OffsetDateTime.parse(m.group(2)).toInstant();
        return m.group(1).equalsIgnoreCase("gt") ? t.plusMillis(1) : t;
    }

    static Set<String> select(GraphRequest req) {
        return parseSelect(req.query().get("$select"));
    }

    static Set<String> parseSelect(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    static List<String> preferences(GraphRequest req) {
        String prefer = req.header("Prefer");
        List<String> out = new ArrayList<>();
        if (prefer != null) {
            for (String p : prefer.split(",")) {
                out.add(p.trim());
            }
        }
        return out;
    }

    static boolean textBody(GraphRequest req) {
        return preferences(req).stream().anyMatch(p -> p.replace(" ", "")
                .equalsIgnoreCase("outlook.body-content-type=\"text\""));
    }

    static boolean immutableIds(GraphRequest req) {
        return preferences(req).stream().anyMatch(p -> p.replace(" ", "").equalsIgnoreCase("IdType=\"ImmutableId\""));
    }

    static int pageSize(GraphRequest req) {
        for (String p : preferences(req)) {
            if (p.toLowerCase(Locale.ROOT).startsWith("odata.maxpagesize=")) {
                return intParam(p.substring(p.indexOf('=') + 1), DEFAULT_PAGE, MAX_PAGE);
            }
        }
        return intParam(req.query().get("$top"), DEFAULT_PAGE, MAX_PAGE);
    }

    static String preferenceApplied(GraphRequest req, int pageSize) {
        List<String> applied = new ArrayList<>();
        if (preferences(req).stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).startsWith("odata.maxpagesize="))) {
            applied.add("odata.maxpagesize=" + pageSize);
        }
        if (immutableIds(req)) {
            applied.add("IdType=\"ImmutableId\"");
        }
        if (textBody(req)) {
            applied.add("outlook.body-content-type=\"text\"");
        }
        return String.join(", ", applied);
    }

    static GraphResponse withPreferences(GraphRequest req, GraphResponse r) {
        String applied = preferenceApplied(req, 0);
        return applied.isEmpty() ? r : r.header("Preference-Applied", applied);
    }

    static int intParam(String v, int dflt, int max) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            return n < 0 ? dflt : Math.min(max, n == 0 && dflt > 0 ? 1 : n);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
