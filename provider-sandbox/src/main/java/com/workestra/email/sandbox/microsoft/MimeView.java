package com.workestra.email.sandbox.microsoft;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lenient read-only view of an RFC 5322 message: decoded headers (RFC 2047), address lists, the text and HTML
 * bodies and the attachments of a MIME tree. Enough to render Graph's message resource.
 */
final class MimeView {

    /** A header as it appears in the message (name, unfolded raw value). */
    record Header(String name, String value) {
    }

    /** One mailbox of an address header. */
    record Address(String name, String address) {
    }

    /** One attachment part. */
    record Attachment(String name, String contentType, byte[] content, boolean inline, String contentId) {
    }

    final List<Header> headers = new ArrayList<>();
    String text;
    String html;
    final List<Attachment> attachments = new ArrayList<>();

    private MimeView() {
    }

    static MimeView parse(byte[] raw) {
        MimeView v = new MimeView();
        Part top = Part.of(new String(raw, StandardCharsets.ISO_8859_1));
        v.headers.addAll(top.headers);
        v.walk(top);
        return v;
    }

    /** First value of a header, RFC 2047-decoded; null when absent. */
    String header(String name) {
        for (Header h : headers) {
            if (h.name.equalsIgnoreCase(name)) {
                return decodeWords(h.value).trim();
            }
        }
        return null;
    }

    List<Address> addresses(String name) {
        List<Address> out = new ArrayList<>();
        for (Header h : headers) {
            if (h.name.equalsIgnoreCase(name)) {
                for (String one : splitList(h.value)) {
                    Address a = address(one);
                    if (a != null) {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }

    private void walk(Part p) {
        String type = p.type();
        if (type.startsWith("multipart/")) {
            for (Part child : p.children()) {
                walk(child);
            }
            return;
        }
        String disposition = p.header("Content-Disposition");
        String filename = param(disposition, "filename");
        if (filename == null) {
            filename = param(p.header("Content-Type"), "name");
        }
        boolean attachment = (disposition != null && disposition.toLowerCase(Locale.ROOT).startsWith("attachment"))
                || filename != null;
        if (!attachment && type.equals("text/plain") && text == null) {
            text = p.decodedText();
        } else if (!attachment && type.equals("text/html") && html == null) {
            html = p.decodedText();
        } else {
            String cid = p.header("Content-ID");
            boolean inline = disposition != null && disposition.toLowerCase(Locale.ROOT).startsWith("inline");
            attachments.add(new Attachment(filename == null ? "attachment" : decodeWords(filename), type,
                    p.decodedBytes(), inline, cid == null ? null : cid.replaceAll("[<>]", "").trim()));
        }
    }

    /** One MIME entity: headers and the raw (still transfer-encoded) body as ISO-8859-1 text. */
    private static final class Part {
        final List<Header> headers = new ArrayList<>();
        String body;

        static Part of(String s) {
            Part p = new Part();
            int split = s.indexOf("\r\n\r\n");
            int skip = 4;
            int lf = s.indexOf("\n\n");
            if (split < 0 || (lf >= 0 && lf < split)) {
                split = lf;
                skip = 2;
            }
            String head = split < 0 ? s : s.substring(0, split);
            p.body = split < 0 ? "" : s.substring(split + skip);
            String name = null;
            StringBuilder value = new StringBuilder();
            for (String line : head.split("\r?\n")) {
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                    value.append(' ').append(line.trim());
                    continue;
                }
                if (name != null) {
                    p.headers.add(new Header(name, value.toString()));
                }
                int c = line.indexOf(':');
                name = c <= 0 ? null : line.substring(0, c).trim();
                value = new StringBuilder(c <= 0 ? "" : line.substring(c + 1).trim());
            }
            if (name != null) {
                p.headers.add(new Header(name, value.toString()));
            }
            return p;
        }

        String header(String name) {
            for (Header h : headers) {
                if (h.name.equalsIgnoreCase(name)) {
                    return h.value;
                }
            }
            return null;
        }

        String type() {
            String ct = header("Content-Type");
            if (ct == null) {
                return "text/plain";
            }
            int semi = ct.indexOf(';');
            return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        }

        List<Part> children() {
            List<Part> out = new ArrayList<>();
            String boundary = param(header("Content-Type"), "boundary");
            if (boundary == null) {
                return out;
            }
            String delimiter = "--" + boundary;
            String[] chunks = body.split("(?m)^" + Pattern.quote(delimiter));
            for (int i = 1; i < chunks.length; i++) {
                String c = chunks[i];
                if (c.startsWith("--")) {
                    break;
                }
                c = c.replaceFirst("^[ \\t]*\\r?\\n", "");
                c = c.replaceFirst("\\r?\\n$", "");
                out.add(Part.of(c));
            }
            return out;
        }

        byte[] decodedBytes() {
            String cte = header("Content-Transfer-Encoding");
            cte = cte == null ? "" : cte.trim().toLowerCase(Locale.ROOT);
            if (cte.equals("base64")) {
                return Base64.getMimeDecoder().decode(body.replaceAll("[^A-Za-z0-9+/=]", ""));
            }
            if (cte.equals("quoted-printable")) {
                return quotedPrintable(body, false);
            }
            return body.getBytes(StandardCharsets.ISO_8859_1);
        }

        String decodedText() {
            return new String(decodedBytes(), charset(param(header("Content-Type"), "charset")));
        }
    }

    static String param(String headerValue, String name) {
        if (headerValue == null) {
            return null;
        }
        Matcher m = Pattern.compile("(?i)(?:^|;)\\s*" + Pattern.quote(name) + "\\*?=\\s*(\"([^\"]*)\"|([^;\\s]+))")
                .matcher(headerValue);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.US_ASCII : Charset.forName(name.trim());
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static byte[] quotedPrintable(String s, boolean underscoreIsSpace) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=' && i + 1 < s.length() && (s.charAt(i + 1) == '\r' || s.charAt(i + 1) == '\n')) {
                i += s.charAt(i + 1) == '\r' && i + 2 < s.length() && s.charAt(i + 2) == '\n' ? 2 : 1;
            } else if (c == '=' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                } catch (NumberFormatException e) {
                    out.write(c);
                }
            } else if (c == '_' && underscoreIsSpace) {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static final Pattern WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");

    /** Decodes RFC 2047 encoded words; whitespace between adjacent encoded words is dropped. */
    static String decodeWords(String s) {
        if (s == null) {
            return null;
        }
        s = eightBit(s);
        if (!s.contains("=?")) {
            return s;
        }
        String joined = s.replaceAll("(\\?=)\\s+(=\\?)", "$1$2");
        Matcher m = WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Charset cs = charset(m.group(1).replaceAll("\\*.*$", ""));
            byte[] bytes = m.group(2).equalsIgnoreCase("B")
                    ? Base64.getMimeDecoder().decode(m.group(3))
                    : quotedPrintable(m.group(3), true);
            m.appendReplacement(out, Matcher.quoteReplacement(new String(bytes, cs)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Raw 8-bit header bytes were read as ISO-8859-1; re-reads them as UTF-8 when they are valid UTF-8. */
    static String eightBit(String s) {
        if (s.chars().allMatch(c -> c < 0x80)) {
            return s;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
                    s.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return s;
        }
    }

    /** Splits an address list at commas outside quotes and angle brackets. */
    static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>') {
                angle--;
            }
            if (c == ',' && !quoted && angle <= 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }

    static Address address(String one) {
        String s = one.trim();
        if (s.isEmpty()) {
            return null;
        }
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String name = decodeWords(s.substring(0, lt).trim());
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replace("\\\"", "\"");
            }
            return new Address(name.isEmpty() ? null : name, s.substring(lt + 1, gt).trim());
        }
        return new Address(null, s.replaceAll("\\s*\\(.*\\)\\s*", ""));
    }

    /** All headers as name → list of decoded values (case-insensitive names), for internetMessageHeaders. */
    Map<String, List<String>> headerMap() {
        Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : headers) {
            m.computeIfAbsent(h.name, k -> new ArrayList<>()).add(decodeWords(h.value));
        }
        return m;
    }
}
