package com.workestra.email.sandbox.mail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal RFC 5322 / MIME helpers: header parsing and unfolding, RFC 2047 encoded words, dates, encodings. */
public final class Rfc822 {

    /** RFC 5322 date-time, e.g. {@code Tue, 3 Nov 2026 10:22:13 +0100}. */
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.US);
    private static final Pattern WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");
    private static final Pattern ADDR = Pattern.compile("<([^<>@\\s]+@[^<>\\s]+)>|([^\\s<>,\"]+@[^\\s<>,\"]+)");

    private Rfc822() {
    }

    /** Parsed header fields (unfolded, raw values) and where the body starts. */
    public record Headers(List<String[]> fields, int bodyOffset) {

        /** The first value of a header (case-insensitive name), or null. */
        public String first(String name) {
            for (String[] f : fields) {
                if (f[0].equalsIgnoreCase(name)) {
                    return f[1];
                }
            }
            return null;
        }

        /** All values of a header. */
        public List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] f : fields) {
                if (f[0].equalsIgnoreCase(name)) {
                    out.add(f[1]);
                }
            }
            return out;
        }
    }

    /** Parses the header block of {@code raw} (from offset 0). */
    public static Headers headers(byte[] raw) {
        return headers(raw, 0, raw.length);
    }

    /** Parses the header block starting at {@code from}; 8-bit header bytes are read as UTF-8 when valid. */
    public static Headers headers(byte[] raw, int from, int to) {
        int end = to;
        int body = to;
        for (int i = from; i < to; i++) {
            if (raw[i] == '\n' && (i + 1 < to && raw[i + 1] == '\n')) {
                end = i + 1;
                body = i + 2;
                break;
            }
            if (raw[i] == '\n' && i + 2 < to && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
                end = i + 1;
                body = i + 3;
                break;
            }
        }
        if (from < to && (raw[from] == '\n' || raw[from] == '\r')) {
            end = from;
            body = raw[from] == '\r' && from + 1 < to ? from + 2 : from + 1;
        }
        String block = text(raw, from, end);
        List<String[]> fields = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : block.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && cur != null) {
                cur.append(' ').append(line.strip());
            } else {
                if (cur != null) {
                    addField(fields, cur);
                }
                cur = new StringBuilder(line);
            }
        }
        if (cur != null) {
            addField(fields, cur);
        }
        return new Headers(fields, Math.min(body, to));
    }

    private static void addField(List<String[]> fields, CharSequence line) {
        String s = line.toString();
        int colon = s.indexOf(':');
        if (colon > 0) {
            fields.add(new String[] {s.substring(0, colon).trim(), s.substring(colon + 1).trim()});
        }
    }

    /** Bytes as UTF-8 when they are valid UTF-8, otherwise as ISO-8859-1. */
    public static String text(byte[] raw, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    /** Decodes RFC 2047 encoded words (whitespace between adjacent words dropped); null stays null. */
    public static String decode(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        Matcher m = WORD.matcher(value);
        int last = 0;
        boolean prevWord = false;
        while (m.find()) {
            String between = value.substring(last, m.start());
            if (!(prevWord && between.isBlank())) {
                out.append(between);
            }
            out.append(decodeWord(m.group(1), m.group(2), m.group(3), m.group(0)));
            last = m.end();
            prevWord = true;
        }
        out.append(value.substring(last));
        return out.toString();
    }

    private static String decodeWord(String charset, String enc, String text, String whole) {
        try {
            String cs = charset.contains("*") ? charset.substring(0, charset.indexOf('*')) : charset;
            Charset c = Charset.forName(cs);
            byte[] bytes;
            if (enc.equalsIgnoreCase("B")) {
                bytes = Base64.getMimeDecoder().decode(text);
            } else {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int i = 0; i < text.length(); i++) {
                    char ch = text.charAt(i);
                    if (ch == '_') {
                        b.write(' ');
                    } else if (ch == '=' && i + 2 < text.length()) {
                        b.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        b.write(ch);
                    }
                }
                bytes = b.toByteArray();
            }
            return new String(bytes, c);
        } catch (IllegalArgumentException e) {
            return whole;
        }
    }

    /** Encodes a header text as RFC 2047 words when it is not plain ASCII (B or Q), folded between words. */
    public static String encode(String text, Charset cs, boolean base64) {
        if (isAscii(text)) {
            return text;
        }
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = Math.min(text.length(), i + (base64 ? 12 : 10));
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            byte[] b = text.substring(i, end).getBytes(cs);
            String enc = base64 ? Base64.getEncoder().encodeToString(b) : qEncode(b);
            words.add("=?" + cs.name() + "?" + (base64 ? "B" : "Q") + "?" + enc + "?=");
            i = end;
        }
        return String.join("\r\n ", words);
    }

    private static String qEncode(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int v = x & 0xFF;
            if (v == ' ') {
                s.append('_');
            } else if (v > 32 && v < 127 && v != '=' && v != '?' && v != '_' && v != '"') {
                s.append((char) v);
            } else {
                s.append('=').append(String.format("%02X", v));
            }
        }
        return s.toString();
    }

    /** A mailbox header value {@code Name <addr>} with the name encoded when needed. */
    public static String mailbox(String name, String address, Charset cs, boolean base64) {
        if (name == null || name.isBlank()) {
            return address;
        }
        if (isAscii(name)) {
            return (name.matches("[A-Za-z0-9 !#$%&'*+/=?^_`{|}~-]+") ? name : "\"" + name.replace("\"", "") + "\"")
                    + " <" + address + ">";
        }
        return encode(name, cs, base64) + " <" + address + ">";
    }

    /** The addresses found in a header value ({@code a@b}, {@code Name <a@b>}, lists). */
    public static List<String> addresses(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        Matcher m = ADDR.matcher(decode(value));
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 126) {
                return false;
            }
        }
        return true;
    }

    public static String date(long epochMillis, ZoneOffset zone) {
        return DATE.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(epochMillis), zone));
    }

    /** Quoted-printable body encoding (RFC 2045), CRLF lines, soft breaks at 76 columns. */
    public static String quotedPrintable(byte[] b) {
        StringBuilder out = new StringBuilder(b.length + b.length / 8);
        int col = 0;
        for (int i = 0; i < b.length; i++) {
            int v = b[i] & 0xFF;
            if (v == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
                out.append("\r\n");
                col = 0;
                i++;
                continue;
            }
            if (v == '\n') {
                out.append("\r\n");
                col = 0;
                continue;
            }
            boolean lineEndSpace = (v == ' ' || v == '\t') && (i + 1 == b.length || b[i + 1] == '\r'
                    || b[i + 1] == '\n');
            String piece = (v >= 33 && v <= 126 && v != '=') || ((v == ' ' || v == '\t') && !lineEndSpace)
                    ? String.valueOf((char) v) : String.format("=%02X", v);
            if (col + piece.length() > 75) {
                out.append("=\r\n");
                col = 0;
            }
            out.append(piece);
            col += piece.length();
        }
        return out.toString();
    }

    /** Base64 body encoding with 76-column CRLF lines. */
    public static String base64(byte[] b) {
        return Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(b);
    }

    /** {@code raw} with one header field added in front. */
    public static byte[] prependHeader(byte[] raw, String name, String value) {
        byte[] h = (name + ": " + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + raw.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(raw, 0, out, h.length, raw.length);
        return out;
    }
}
