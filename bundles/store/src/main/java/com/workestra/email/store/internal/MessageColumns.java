package com.workestra.email.store.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Column limits and the text forms of email_message's multi-valued columns, so a value always fits its column and the
 * same input always gives the same stored value (idempotent upserts compare stored forms).
 *
 * <p>Every string is cleaned first: NUL characters are removed (PostgreSQL rejects them) and a value longer than its
 * column is cut at a character boundary (never inside a surrogate pair). Text forms, one entry per line ({@code \n}),
 * line breaks inside an entry folded to a space, entries that do not fit dropped whole (a first warning too long is
 * cut instead):
 * <ul>
 * <li>{@code folders}: lower-case folder names, sorted;</li>
 * <li>{@code headers}: {@code name: value} lines, names lower-case and sorted, values whitespace-folded;</li>
 * <li>{@code parse_warnings}: one warning per line, in order;</li>
 * <li>{@code references_ids}: ids separated by one space; when too long the first id (the thread root) and as many of
 * the last ids (the nearest parents) as fit are kept.</li>
 * </ul>
 */
final class MessageColumns {

    static final int PROVIDER_ID = 200;
    static final int THREAD_ID = 200;
    static final int MESSAGE_ID = 500;
    static final int REFERENCES = 4000;
    static final int SUBJECT = 1000;
    static final int ADDRESS = 320;
    static final int NAME = 300;
    static final int FOLDERS = 500;
    static final int SNIPPET = 500;
    static final int HEADERS = 4000;
    static final int WARNINGS = 2000;
    static final int PART_ID = 100;
    static final int FILENAME = 500;
    static final int CONTENT_TYPE = 200;
    static final int CONTENT_ID = 500;
    static final int CURSOR = 8000;
    /** At most this many addresses of one kind (to, cc, bcc) are kept per message. */
    static final int ADDRESSES_PER_KIND = 500;

    private MessageColumns() {
    }

    /** The value without NUL characters, cut to {@code max} characters; null stays null. */
    static String fit(String value, int max) {
        if (value == null) {
            return null;
        }
        String s = value.indexOf('\0') < 0 ? value : value.replace("\0", "");
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** Like {@link #fit} but blank becomes null (optional single-line values such as names). */
    static String fitOrNull(String value, int max) {
        String s = fit(value, max);
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Database timestamps keep microseconds: cut the rest so a re-read value equals what was written. */
    static Instant instant(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
    }

    /** The folders column: lower-case names, sorted, one per line; empty when there are none. */
    static String folders(Set<String> folders) {
        TreeSet<String> sorted = new TreeSet<>();
        if (folders != null) {
            for (String f : folders) {
                String line = line(f);
                if (line != null) {
                    sorted.add(line.toLowerCase(Locale.ROOT));
                }
            }
        }
        return joinFitting(sorted, FOLDERS, false);
    }

    /** The headers column: {@code name: value} lines, sorted by lower-case name. */
    static String headers(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        headers.forEach((name, value) -> {
            String n = line(name);
            String v = value == null ? null : line(value);
            if (n != null && v != null) {
                sorted.putIfAbsent(n.toLowerCase(Locale.ROOT).replace(':', '-'), v);
            }
        });
        List<String> lines = new ArrayList<>();
        sorted.forEach((n, v) -> lines.add(n + ": " + v));
        return emptyToNull(joinFitting(lines, HEADERS, false));
    }

    /** Reads the headers column back (names lower-case). */
    static Map<String, String> parseHeaders(String column) {
        Map<String, String> out = new LinkedHashMap<>();
        if (column != null && !column.isEmpty()) {
            for (String l : column.split("\n")) {
                int colon = l.indexOf(": ");
                if (colon > 0) {
                    out.put(l.substring(0, colon), l.substring(colon + 2));
                }
            }
        }
        return out;
    }

    /** The parse_warnings column: one warning per line. */
    static String warnings(List<String> warnings) {
        if (warnings == null || warnings.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (String w : warnings) {
            String l = line(w);
            if (l != null) {
                lines.add(l);
            }
        }
        return emptyToNull(joinFitting(lines, WARNINGS, true));
    }

    /** The warnings of a parse_warnings column, in order; empty when none. */
    static List<String> parseWarnings(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split("\n"));
    }

    /** The references_ids column: space-separated, keeping the first and the last ids when too long. */
    static String references(List<String> references) {
        if (references == null || references.isEmpty()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (String r : references) {
            String l = line(r);
            if (l != null && l.length() <= MESSAGE_ID) {
                ids.add(l.replace(' ', '_'));
            }
        }
        if (ids.isEmpty()) {
            return null;
        }
        String all = String.join(" ", ids);
        if (all.length() <= REFERENCES) {
            return all;
        }
        String first = ids.get(0);
        Deque<String> tail = new ArrayDeque<>();
        int length = first.length();
        for (int i = ids.size() - 1; i > 0; i--) {
            String id = ids.get(i);
            if (length + 1 + id.length() > REFERENCES) {
                break;
            }
            tail.addFirst(id);
            length += 1 + id.length();
        }
        tail.addFirst(first);
        return String.join(" ", tail);
    }

    /** One line of text: NUL removed, line breaks and tabs folded to spaces, stripped; blank becomes null. */
    private static String line(String value) {
        if (value == null) {
            return null;
        }
        String s = fit(value, Integer.MAX_VALUE).replace('\r', ' ').replace('\n', ' ').replace('\t', ' ').strip();
        return s.isEmpty() ? null : s;
    }

    /** Joins lines with newlines, dropping those that would overflow (or cutting a first one when {@code cut}). */
    private static String joinFitting(Collection<String> lines, int max, boolean cut) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            if (b.length() == 0) {
                if (l.length() <= max || cut) {
                    b.append(fit(l, max));
                }
            } else if (b.length() + 1 + l.length() <= max) {
                b.append('\n').append(l);
            }
        }
        return b.toString();
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
