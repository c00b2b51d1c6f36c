package com.workestra.email.sandbox.mail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Writes MIME parts (CRLF line ends) for the generator and the builder. */
final class MimeParts {

    private MimeParts() {
    }

    /** A text part; {@code cte} is 7bit, 8bit, quoted-printable or base64 (7bit is upgraded when not ASCII). */
    static void text(StringBuilder out, String subtype, String body, Charset cs, String cte) {
        byte[] bytes = body.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(cs);
        boolean ascii = Rfc822.isAscii(body);
        String enc = ascii && !cte.equals("base64") ? "7bit" : cte.equals("7bit") ? "quoted-printable" : cte;
        out.append("Content-Type: text/").append(subtype).append("; charset=\"").append(cs.name()).append("\"\r\n");
        out.append("Content-Transfer-Encoding: ").append(enc).append("\r\n\r\n");
        switch (enc) {
            case "base64" -> out.append(Rfc822.base64(bytes));
            case "quoted-printable" -> out.append(Rfc822.quotedPrintable(bytes));
            default -> out.append(new String(bytes, cs));
        }
        out.append("\r\n");
    }

    /** An attachment part of {@code size} deterministic bytes (with a magic prefix fitting its type). */
    static void attachment(StringBuilder out, String name, String contentType, int size, long seed) {
        boolean asciiName = Rfc822.isAscii(name);
        out.append("Content-Type: ").append(contentType).append("; name=\"")
                .append(asciiName ? name : Rfc822.encode(name, StandardCharsets.UTF_8, true)).append("\"\r\n");
        out.append("Content-Disposition: attachment;");
        if (asciiName) {
            out.append(" filename=\"").append(name).append("\"\r\n");
        } else {
            out.append("\r\n filename*=UTF-8''").append(percent(name)).append("\r\n");
        }
        out.append("Content-Transfer-Encoding: base64\r\n\r\n");
        out.append(Rfc822.base64(bytes(contentType, size, seed))).append("\r\n");
    }

    static byte[] bytes(String contentType, int size, long seed) {
        byte[] b = new byte[Math.max(0, size)];
        new Random(seed).nextBytes(b);
        byte[] magic = switch (contentType) {
            case "application/pdf" -> "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);
            case "image/png" -> new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
            case "image/jpeg" -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
            case "application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ->
                    new byte[] {'P', 'K', 3, 4};
            default -> new byte[0];
        };
        if (contentType.startsWith("text/")) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (i % 64 == 63 ? '\n' : 'a' + Math.floorMod(b[i], 26));
            }
        }
        System.arraycopy(magic, 0, b, 0, Math.min(magic.length, b.length));
        return b;
    }

    static String percent(String s) {
        StringBuilder out = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int v = x & 0xFF;
            if (v < 128 && (Character.isLetterOrDigit(v) || "-._~".indexOf(v) >= 0)) {
                out.append((char) v);
            } else {
                out.append('%').append(String.format("%02X", v));
            }
        }
        return out.toString();
    }

    static String html(String text) {
        StringBuilder h = new StringBuilder("<html><head><meta charset=\"utf-8\"></head><body>");
        for (String para : text.split("\n\n")) {
            h.append("<p>").append(escape(para).replace("\n", "<br>")).append("</p>");
        }
        return h.append("</body></html>").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String boundary(long seed, String kind) {
        return "=_sbx_" + kind + "_" + Long.toHexString(seed);
    }

    /** Opens a multipart body (the Content-Type header of this part). */
    static void multipartHeader(StringBuilder out, String subtype, String boundary) {
        out.append("Content-Type: multipart/").append(subtype).append("; boundary=\"").append(boundary)
                .append("\"\r\n\r\n");
    }

    static void delimiter(StringBuilder out, String boundary) {
        out.append("--").append(boundary).append("\r\n");
    }

    static void close(StringBuilder out, String boundary) {
        out.append("--").append(boundary).append("--\r\n");
    }

    static String join(List<String> list) {
        return String.join(", ", list);
    }
}
