package com.workestra.email.sync.internal.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.apache.james.mime4j.util.CharsetUtil;

/** Reads a text part with its charset into at most a given number of characters, without reading the rest. */
final class BodyText {

    /** Declared charsets whose content is sniffed instead: mislabelled UTF-8 and windows-1252 are common. */
    private static final Set<String> SNIFFED = Set.of("us-ascii", "ascii", "us_ascii", "ansi_x3.4-1968", "646");
    /** ISO-8859-1 labels are read as its superset windows-1252, as browsers do. */
    private static final Set<String> LATIN1 = Set.of("iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1");

    /**
     * @param text      the decoded text, at most the requested number of characters
     * @param truncated true if the part had more characters
     */
    record Result(String text, boolean truncated) {
    }

    private BodyText() {
    }

    /**
     * The charset to decode with, or null to sniff (UTF-8 if the bytes are valid UTF-8, else windows-1252).
     * An unknown name yields null and a warning.
     */
    static Charset resolve(String declared, ParseWarnings warnings) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        String name = declared.trim().toLowerCase(Locale.ROOT);
        if (SNIFFED.contains(name)) {
            return null;
        }
        if (LATIN1.contains(name)) {
            return HeaderValues.WINDOWS_1252;
        }
        Charset charset = CharsetUtil.lookup(name);
        if (charset == null) {
            warnings.add("unknown charset '" + declared.trim() + "', decoded as UTF-8 or windows-1252");
            return null;
        }
        return charset;
    }

    static Result read(InputStream in, Charset charset, int maxChars) throws IOException {
        return charset == null ? sniff(in, maxChars) : decode(in, charset, maxChars);
    }

    private static Result decode(InputStream in, Charset charset, int maxChars) throws IOException {
        Reader reader = new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        StringBuilder out = new StringBuilder();
        char[] buf = new char[8192];
        while (out.length() <= maxChars) {
            int n = reader.read(buf, 0, (int) Math.min(buf.length, maxChars + 1L - out.length()));
            if (n < 0) {
                return new Result(out.toString(), false);
            }
            out.append(buf, 0, n);
        }
        return new Result(cut(out, maxChars), true);
    }

    /** Reads up to 4 bytes per character allowed (the UTF-8 maximum), then picks UTF-8 or windows-1252. */
    private static Result sniff(InputStream in, int maxChars) throws IOException {
        long cap = 4L * maxChars;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        boolean more = false;
        while (true) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, cap + 1 - bytes.size()));
            if (n < 0) {
                break;
            }
            bytes.write(buf, 0, n);
            if (bytes.size() > cap) {
                more = true;
                break;
            }
        }
        byte[] raw = bytes.toByteArray();
        int len = (int) Math.min(raw.length, cap);
        Charset charset = HeaderValues.isUtf8(raw, len) ? StandardCharsets.UTF_8 : HeaderValues.WINDOWS_1252;
        String text = new String(raw, 0, len, charset);
        if (more && charset == StandardCharsets.UTF_8 && text.endsWith("\uFFFD")) {
            // a multi-byte sequence cut by the byte cap
            text = text.substring(0, text.length() - 1);
        }
        if (text.length() > maxChars) {
            return new Result(cut(new StringBuilder(text), maxChars), true);
        }
        return new Result(text, more);
    }

    /** First maxChars characters, not splitting a surrogate pair. */
    static String cut(CharSequence s, int maxChars) {
        if (s.length() <= maxChars) {
            return s.toString();
        }
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.subSequence(0, end).toString();
    }
}
