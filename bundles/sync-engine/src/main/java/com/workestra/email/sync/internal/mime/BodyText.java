package com.workestra.email.sync.internal.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a text part into at most a given number of characters, reading at most four bytes per character allowed.
 * The declared charset is checked against the bytes: a label that lies (bytes invalid in it, or well-formed
 * multi-byte UTF-8 under a single-byte label) falls back to detection and leaves a parse warning.
 */
final class BodyText {

    /** Declared charsets whose content is sniffed instead: mislabelled UTF-8 and windows-1252 are common. */
    private static final Set<String> SNIFFED = Set.of("us-ascii", "ascii", "us_ascii", "ansi_x3.4-1968", "646");

    /**
     * @param text      the decoded text, at most the requested number of characters
     * @param truncated true if the part had more characters
     */
    record Result(String text, boolean truncated) {
    }

    private BodyText() {
    }

    static Result read(InputStream in, String declared, int maxChars, ParseWarnings warnings) throws IOException {
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
        Charset charset = choose(raw, len, declared, more, warnings);
        String text = new String(raw, 0, len, charset);
        if (more && text.endsWith("\uFFFD")) {
            // a multi-byte sequence cut by the byte cap
            text = text.substring(0, text.length() - 1);
        }
        if (text.length() > maxChars) {
            return new Result(cut(new StringBuilder(text), maxChars), true);
        }
        return new Result(text, more);
    }

    /** The declared charset when the bytes agree with it, else UTF-8 when valid, else the detected charset. */
    private static Charset choose(byte[] raw, int len, String declared, boolean cut, ParseWarnings warnings) {
        boolean ascii = true;
        for (int i = 0; i < len && ascii; i++) {
            ascii = raw[i] >= 0;
        }
        String name = declared == null ? "" : declared.trim().toLowerCase(Locale.ROOT);
        Charset charset = MailCharsets.lookup(name);
        if (ascii && (charset == null || MailCharsets.strict(raw, 0, len, charset) == null)) {
            return StandardCharsets.UTF_8; // 7-bit text in an unknown or ASCII-incompatible label (e.g. EBCDIC)
        }
        if (ascii) {
            return charset; // the same as ASCII, or a 7-bit charset such as ISO-2022-JP or UTF-7
        }
        if (name.isEmpty() || SNIFFED.contains(name)) {
            return sniff(raw, len, null);
        }
        if (charset == null) {
            Charset guess = sniff(raw, len, null);
            warnings.add("unknown charset '" + declared.trim() + "', decoded as " + MailCharsets.label(guess));
            return guess;
        }
        // a cut at the byte cap may split the last character: judge the bytes before it
        int judged = cut ? Math.max(0, len - 4) : len;
        if (MailCharsets.singleByte(charset) && MailCharsets.isMultiByteUtf8(raw, judged)) {
            warnings.add("text declared as " + declared.trim() + " is UTF-8, decoded as UTF-8");
            return StandardCharsets.UTF_8;
        }
        if (MailCharsets.strict(raw, 0, judged, charset) != null) {
            return charset;
        }
        Charset guess = sniff(raw, len, name);
        warnings.add("text declared as " + declared.trim() + " is not valid " + MailCharsets.label(charset)
                + ", decoded as " + MailCharsets.label(guess) + " (detected)");
        return guess;
    }

    /** UTF-8 if the bytes are valid UTF-8, else what ICU detects (windows-1252 when unsure). */
    private static Charset sniff(byte[] raw, int len, String hint) {
        if (HeaderValues.isUtf8(raw, len)) {
            return StandardCharsets.UTF_8;
        }
        return MailCharsets.detect(raw, len, hint);
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
