package com.workestra.email.sandbox.google;

import com.workestra.email.sandbox.mail.Rfc822;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed MIME entity: headers, content type and either child parts or a (transfer-decoded) body. */
final class MimePart {

    private static final Pattern PARAM = Pattern.compile(
            ";\\s*([A-Za-z0-9*_.-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;\\s]+)");

    final String partId;
    final Rfc822.Headers headers;
    final String mimeType;
    final String filename;
    final List<MimePart> parts = new ArrayList<>();
    private final byte[] raw;
    private final int bodyStart;
    private final int bodyEnd;

    private MimePart(String partId, byte[] raw, int start, int end, int depth) {
        this.partId = partId;
        this.raw = raw;
        this.headers = Rfc822.headers(raw, start, end);
        this.bodyStart = headers.bodyOffset();
        this.bodyEnd = end;
        String ct = headers.first("Content-Type");
        this.mimeType = ct == null ? "text/plain" : ct.split(";")[0].trim().toLowerCase(Locale.ROOT);
        this.filename = filename();
        String boundary = param(ct, "boundary");
        if (mimeType.startsWith("multipart/") && boundary != null && depth < 20) {
            split(boundary, depth);
        }
    }

    static MimePart parse(byte[] raw) {
        return new MimePart("", raw, 0, raw.length, 0);
    }

    private void split(String boundary, int depth) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> bounds = new ArrayList<>();
        int i = bodyStart;
        int partStart = -1;
        while (i < bodyEnd) {
            int lineEnd = i;
            while (lineEnd < bodyEnd && raw[lineEnd] != '\n') {
                lineEnd++;
            }
            if (startsWith(i, lineEnd, delim)) {
                boolean close = i + delim.length + 1 < bodyEnd && raw[i + delim.length] == '-'
                        && raw[i + delim.length + 1] == '-';
                if (partStart >= 0) {
                    int end = i;
                    if (end > partStart && raw[end - 1] == '\n') {
                        end--;
                    }
                    if (end > partStart && raw[end - 1] == '\r') {
                        end--;
                    }
                    bounds.add(new int[] {partStart, end});
                }
                partStart = lineEnd + 1;
                if (close) {
                    partStart = -1;
                    break;
                }
            }
            i = lineEnd + 1;
        }
        if (partStart >= 0 && partStart < bodyEnd) {
            bounds.add(new int[] {partStart, bodyEnd});
        }
        for (int n = 0; n < bounds.size(); n++) {
            String id = partId.isEmpty() ? String.valueOf(n) : partId + "." + n;
            parts.add(new MimePart(id, raw, bounds.get(n)[0], Math.max(bounds.get(n)[0], bounds.get(n)[1]),
                    depth + 1));
        }
    }

    private boolean startsWith(int from, int lineEnd, byte[] delim) {
        if (lineEnd - from < delim.length) {
            return false;
        }
        for (int k = 0; k < delim.length; k++) {
            if (raw[from + k] != delim[k]) {
                return false;
            }
        }
        return true;
    }

    boolean multipart() {
        return mimeType.startsWith("multipart/");
    }

    /** Whether this leaf is an attachment (it has a file name). */
    boolean attachment() {
        return !multipart() && !filename.isEmpty();
    }

    /** The body with its Content-Transfer-Encoding undone. */
    byte[] decodedBody() {
        byte[] b = java.util.Arrays.copyOfRange(raw, bodyStart, Math.max(bodyStart, bodyEnd));
        String cte = headers.first("Content-Transfer-Encoding");
        String enc = cte == null ? "" : cte.trim().toLowerCase(Locale.ROOT);
        if (enc.equals("base64")) {
            try {
                return Base64.getMimeDecoder().decode(b);
            } catch (IllegalArgumentException e) {
                return b;
            }
        }
        if (enc.equals("quoted-printable")) {
            return unQuotedPrintable(b);
        }
        return b;
    }

    /** Decoded text of a text part in its charset. */
    String text() {
        String cs = param(headers.first("Content-Type"), "charset");
        try {
            return new String(decodedBody(), cs == null ? StandardCharsets.US_ASCII
                    : java.nio.charset.Charset.forName(cs));
        } catch (IllegalArgumentException e) {
            return new String(decodedBody(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Depth-first search for a part by Gmail part id. */
    MimePart find(String id) {
        if (partId.equals(id)) {
            return this;
        }
        for (MimePart p : parts) {
            MimePart f = p.find(id);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** The first leaf of a MIME type (depth-first), or null. */
    MimePart firstOf(String type) {
        if (!multipart() && !attachment() && mimeType.equals(type)) {
            return this;
        }
        for (MimePart p : parts) {
            MimePart f = p.firstOf(type);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private String filename() {
        String cd = headers.first("Content-Disposition");
        String f = param(cd, "filename");
        if (f == null) {
            String ext = param(cd, "filename*");
            if (ext != null) {
                int q = ext.indexOf("''");
                String cs = q > 0 ? ext.substring(0, q) : "UTF-8";
                String v = q >= 0 ? ext.substring(q + 2) : ext;
                try {
                    f = java.net.URLDecoder.decode(v.replace("+", "%2B"), java.nio.charset.Charset.forName(cs));
                } catch (IllegalArgumentException e) {
                    f = v;
                }
            }
        }
        if (f == null) {
            f = param(headers.first("Content-Type"), "name");
        }
        return f == null ? "" : Rfc822.decode(f);
    }

    static String param(String header, String name) {
        if (header == null) {
            return null;
        }
        Matcher m = PARAM.matcher(header);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(name)) {
                return m.group(3) != null ? m.group(3).replace("\\\"", "\"") : m.group(2);
            }
        }
        return null;
    }

    static byte[] unQuotedPrintable(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (c == '=') {
                if (i + 1 < b.length && (b[i + 1] == '\r' || b[i + 1] == '\n')) {
                    i += b[i + 1] == '\r' && i + 2 < b.length && b[i + 2] == '\n' ? 2 : 1;
                    continue;
                }
                if (i + 2 < b.length) {
                    int hi = Character.digit(b[i + 1], 16);
                    int lo = Character.digit(b[i + 2], 16);
                    if (hi >= 0 && lo >= 0) {
                        out.write(hi * 16 + lo);
                        i += 2;
                        continue;
                    }
                }
            }
            out.write(c);
        }
        return out.toByteArray();
    }
}
