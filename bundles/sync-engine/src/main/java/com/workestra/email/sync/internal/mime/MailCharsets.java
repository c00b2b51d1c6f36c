package com.workestra.email.sync.internal.mime;

import com.ibm.icu.charset.CharsetProviderICU;
import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.apache.james.mime4j.util.CharsetUtil;

/**
 * Charsets of mail: the JDK's, plus those only ICU4J knows (UTF-7, still sent by old Outlook versions), looked up
 * directly in ICU's provider because {@code Charset.forName} does not see providers inside OSGi bundles; and charset
 * detection (ICU's statistical detector) for bytes whose label is missing or lies.
 */
final class MailCharsets {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** ISO-8859-1 labels are read as its superset windows-1252, as browsers and mail clients do. */
    private static final Set<String> LATIN1 = Set.of("iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1",
            "iso_8859-1:1987", "cp819", "ibm819");
    private static final CharsetProviderICU ICU = new CharsetProviderICU();
    /** Below this confidence (0-100) a detection is not trusted and windows-1252 is used. */
    private static final int MIN_CONFIDENCE = 10;

    private MailCharsets() {
    }

    /** The charset of a MIME label (JDK first, then ICU), or null when nobody knows it. */
    static Charset lookup(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String name = label.trim().toLowerCase(Locale.ROOT);
        if (LATIN1.contains(name)) {
            return WINDOWS_1252;
        }
        Charset charset = CharsetUtil.lookup(name);
        if (charset != null) {
            return charset;
        }
        try {
            return ICU.charsetForName(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True for charsets that map every byte to a character, so decoding them never reports an error. */
    static boolean singleByte(Charset charset) {
        return charset.newEncoder().maxBytesPerChar() <= 1.0f && !StandardCharsets.US_ASCII.equals(charset);
    }

    /** The bytes decoded strictly, or null when they are not valid in that charset. */
    static String strict(byte[] bytes, int off, int len, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** True if the bytes hold at least one well-formed multi-byte UTF-8 sequence and nothing malformed. */
    static boolean isMultiByteUtf8(byte[] bytes, int len) {
        boolean high = false;
        for (int i = 0; i < len && !high; i++) {
            high = bytes[i] < 0;
        }
        return high && HeaderValues.isUtf8(bytes, len);
    }

    /**
     * The most likely charset of 8-bit text, by ICU's detector; windows-1252 when nothing is confident.
     *
     * @param declaredHint a charset the message declared elsewhere, offered to the detector as a hint (or null)
     */
    static Charset detect(byte[] bytes, int len, String declaredHint) {
        CharsetDetector detector = new CharsetDetector();
        if (declaredHint != null) {
            detector.setDeclaredEncoding(declaredHint);
        }
        byte[] input = len == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, len);
        detector.setText(input);
        CharsetMatch[] matches;
        try {
            matches = detector.detectAll();
        } catch (RuntimeException e) {
            return WINDOWS_1252;
        }
        for (CharsetMatch match : matches) {
            String name = match.getName().toUpperCase(Locale.ROOT);
            if (match.getConfidence() < MIN_CONFIDENCE) {
                break;
            }
            // 8-bit text is neither UTF-16/32 (no NUL bytes) nor UTF-8 (checked before detection)
            if (name.startsWith("UTF-")) {
                continue;
            }
            Charset charset = lookup(name);
            return charset == null ? WINDOWS_1252 : charset;
        }
        return WINDOWS_1252;
    }

    /** A short label for warnings. */
    static String label(Charset charset) {
        return charset == WINDOWS_1252 ? "windows-1252" : charset.name().toLowerCase(Locale.ROOT);
    }
}
