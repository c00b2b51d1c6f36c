package com.workestra.email.sync.internal.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.james.mime4j.codec.DecodeMonitor;

/**
 * A Content-Type or Content-Disposition value with its parameters; RFC 2231 continuations and charsets are decoded,
 * and RFC 2047 words inside plain parameter values (a common violation) too.
 *
 * @param value  the lower-case value before the first ';' (e.g. {@code text/plain}, {@code attachment})
 * @param params parameters by lower-case name
 */
record ContentHeader(String value, Map<String, String> params) {

    static ContentHeader parse(String header, DecodeMonitor monitor) {
        List<String> pieces = split(header == null ? "" : header);
        String value = pieces.isEmpty() ? "" : pieces.get(0).trim().toLowerCase(Locale.ROOT);
        Map<String, String> plain = new HashMap<>();
        Map<String, TreeMap<Integer, String>> sections = new HashMap<>();
        Map<String, Boolean> extended = new HashMap<>();
        for (String piece : pieces.subList(Math.min(1, pieces.size()), pieces.size())) {
            int eq = piece.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = piece.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String val = unquote(piece.substring(eq + 1).trim());
            int star = name.indexOf('*');
            if (star < 0) {
                plain.putIfAbsent(name, val);
                continue;
            }
            String base = name.substring(0, star);
            String rest = name.substring(star + 1);
            boolean encoded = rest.endsWith("*") || rest.isEmpty();
            String index = rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
            int section;
            try {
                section = index.isEmpty() ? 0 : Integer.parseInt(index);
            } catch (NumberFormatException e) {
                continue;
            }
            sections.computeIfAbsent(base, k -> new TreeMap<>()).put(section, (encoded ? "*" : "=") + val);
            extended.merge(base, encoded, Boolean::logicalOr);
        }
        Map<String, String> params = new HashMap<>();
        plain.forEach((k, v) -> params.put(k, HeaderValues.decodeWords(v, monitor)));
        sections.forEach((base, parts) -> params.put(base, join(parts)));
        return new ContentHeader(value, params);
    }

    String param(String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** RFC 2231: the first encoded section carries charset'language'; encoded sections are %-escaped bytes. */
    private static String join(TreeMap<Integer, String> parts) {
        Charset charset = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (String part : parts.values()) {
            boolean encoded = part.charAt(0) == '*';
            String text = part.substring(1);
            if (encoded && first) {
                int q1 = text.indexOf('\'');
                int q2 = q1 < 0 ? -1 : text.indexOf('\'', q1 + 1);
                if (q2 > 0) {
                    charset = MailCharsets.lookup(text.substring(0, q1).trim());
                    text = text.substring(q2 + 1);
                }
            }
            first = false;
            if (encoded) {
                percentDecode(text, bytes);
            } else {
                bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] raw = bytes.toByteArray();
        return charset != null ? new String(raw, charset) : HeaderValues.decodeBytes(raw);
    }

    private static void percentDecode(String text, ByteArrayOutputStream out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** Splits on ';' outside quoted strings. */
    private static List<String> split(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quoted && c == '\\' && i + 1 < header.length()) {
                cur.append(c).append(header.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.charAt(0) == '"') {
            int end = v.lastIndexOf('"');
            String inner = v.substring(1, end > 0 ? end : v.length());
            return inner.replaceAll("\\\\(.)", "$1");
        }
        return v;
    }
}
