package com.workestra.email.sync.internal.mime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.mime4j.codec.DecodeMonitor;

/** Collects parse warnings (also those mime4j reports through its monitor), de-duplicated and capped. */
final class ParseWarnings extends DecodeMonitor {

    static final int MAX_DISTINCT = 50;

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int dropped;
    private String part;

    /** Prefixes later warnings with the part they concern; null for the message header. */
    void part(String partId) {
        this.part = partId;
    }

    void add(String warning) {
        String text = part == null ? warning : "part " + part + ": " + warning;
        Integer seen = counts.get(text);
        if (seen != null) {
            counts.put(text, seen + 1);
        } else if (counts.size() < MAX_DISTINCT) {
            counts.put(text, 1);
        } else {
            dropped++;
        }
    }

    /** Called by mime4j's decoders and entity parser; returning false tells mime4j to go on leniently. */
    @Override
    public boolean warn(String error, String dropDesc) {
        add(dropDesc == null ? error : error + " (" + dropDesc + ")");
        return false;
    }

    @Override
    public boolean isListening() {
        return true;
    }

    List<String> list() {
        List<String> out = new ArrayList<>(counts.size() + 1);
        counts.forEach((text, n) -> out.add(n == 1 ? text : text + " [" + n + " times]"));
        if (dropped > 0) {
            out.add(dropped + " further warnings not listed");
        }
        return out;
    }
}
