package com.workestra.email.sync.internal.mime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ContentUtil;
import org.apache.james.mime4j.util.ByteSequence;

/** Decoding of header values: raw bytes, RFC 2047 words, addresses, message ids, dates. */
final class HeaderValues {

    static final Charset WINDOWS_1252 = MailCharsets.WINDOWS_1252;
    /** An RFC 2047 encoded word. */
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    /** A numeric zone at the end of a date (after comments are removed). */
    private static final Pattern NUMERIC_ZONE = Pattern.compile("([+-])(\\d{2})(\\d{2})\\s*$");
    /** Named zones of RFC 5322 section 4.3 (obsolete, still sent). */
    private static final Map<String, Integer> NAMED_ZONES = Map.ofEntries(Map.entry("UT", 0),
            Map.entry("GMT", 0), Map.entry("Z", 0), Map.entry("EST", -5), Map.entry("EDT", -4), Map.entry("CST", -6),
            Map.entry("CDT", -5), Map.entry("MST", -7), Map.entry("MDT", -6), Map.entry("PST", -8),
            Map.entry("PDT", -7));

    private HeaderValues() {
    }

    /** The unfolded field body; 8-bit bytes are read as UTF-8 when valid, else as windows-1252. */
    static String text(Field field) {
        byte[] bytes = bodyBytes(field);
        return bytes == null ? (field.getBody() == null ? "" : field.getBody().trim()) : text(bytes, WINDOWS_1252);
    }

    /** The field body as raw bytes (everything after the colon, folding included), or null if mime4j kept none. */
    static byte[] bodyBytes(Field field) {
        ByteSequence raw = field.getRaw();
        if (raw == null) {
            return null;
        }
        int colon = indexOf(raw, ':');
        byte[] bytes = new byte[raw.length() - colon - 1];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = raw.byteAt(colon + 1 + i);
        }
        return bytes;
    }

    /** Raw field body bytes as text: UTF-8 when valid (RFC 6532), else the given legacy charset; unfolded. */
    static String text(byte[] bytes, Charset legacy) {
        String decoded = MailCharsets.strict(bytes, 0, bytes.length, StandardCharsets.UTF_8);
        if (decoded == null) {
            decoded = legacy.decode(ByteBuffer.wrap(bytes)).toString();
        }
        return unfold(decoded).trim();
    }

    /** True if the bytes hold anything beyond 7-bit ASCII. */
    static boolean eightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** Bytes as UTF-8 if they are valid UTF-8 (pure ASCII included), otherwise as windows-1252. */
    static String decodeBytes(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return WINDOWS_1252.decode(ByteBuffer.wrap(bytes)).toString();
        }
    }

    /** True if the bytes in the buffer are valid UTF-8, tolerating an incomplete sequence at the end. */
    static boolean isUtf8(byte[] bytes, int len) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(4096);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, len);
        while (true) {
            var result = decoder.decode(in, out, false);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return true;
            }
            out.clear();
        }
    }

    /**
     * RFC 2047 encoded words decoded; text without encoded words is returned as is. Words in charsets only ICU knows
     * (UTF-7) are decoded first, adjacent words of one charset together; mime4j decodes the rest.
     */
    static String decodeWords(String value, DecodeMonitor monitor) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        String pre = decodeIcuWords(value, monitor);
        try {
            return DecoderUtil.decodeEncodedWords(pre, monitor, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return pre;
        }
    }

    private static String decodeIcuWords(String value, DecodeMonitor monitor) {
        Matcher m = ENCODED_WORD.matcher(value);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            String label = m.group(1);
            int star = label.indexOf('*'); // RFC 2231 language suffix
            String name = star < 0 ? label : label.substring(0, star);
            if (org.apache.james.mime4j.util.CharsetUtil.lookup(name) != null) {
                continue;
            }
            Charset charset = MailCharsets.lookup(name);
            if (charset == null) {
                continue;
            }
            out = out == null ? new StringBuilder() : out;
            out.append(value, copied, m.start());
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            int end = m.end();
            bytes.writeBytes(wordBytes(m.group(2), m.group(3), monitor));
            // adjacent words of the same charset are one byte sequence (a UTF-7 shift may span them)
            Matcher next = ENCODED_WORD.matcher(value);
            while (next.find(end) && value.substring(end, next.start()).isBlank()
                    && next.group(1).equalsIgnoreCase(label)) {
                bytes.writeBytes(wordBytes(next.group(2), next.group(3), monitor));
                end = next.end();
            }
            out.append(new String(bytes.toByteArray(), charset));
            copied = end;
            m.region(end, value.length());
        }
        if (out == null) {
            return value;
        }
        return out.append(value, copied, value.length()).toString();
    }

    /** The bytes of one word's text, decoded by mime4j as ISO-8859-1 (one char per byte). */
    private static byte[] wordBytes(String encoding, String text, DecodeMonitor monitor) {
        String latin = DecoderUtil.decodeEncodedWords("=?iso-8859-1?" + encoding + "?" + text + "?=", monitor,
                StandardCharsets.ISO_8859_1);
        return latin.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Mailboxes of an address list (groups flattened); entries without an address are dropped. The list is parsed
     * as UTF-8 bytes with a cursor over those bytes (mime4j's {@code parseAddressList(CharSequence)} bounds the
     * cursor by the character count, which cut one character off the end per non-ASCII character before it). A
     * mailbox without a display name takes its trailing comment as the name ({@code addr (Name)}, the old form).
     */
    static List<EmailAddress> addresses(String value, DecodeMonitor monitor) {
        List<EmailAddress> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        ByteSequence raw = ContentUtil.encode(StandardCharsets.UTF_8, value);
        LenientAddressParser parser = new LenientAddressParser(monitor) {
        };
        for (Mailbox mailbox : parser.parseAddressList(raw, new ParserCursor(0, raw.length())).flatten()) {
            String address = mailbox.getAddress();
            if (address == null || address.isBlank()) {
                continue;
            }
            String name = mailbox.getName();
            if (name == null || name.isBlank()) {
                name = decodeWords(trailingComment(value, address), monitor);
            } else {
                name = decodeWords(name, monitor); // words in ICU-only charsets were left encoded
            }
            name = name == null || name.isBlank() ? null : name.trim();
            // an unclosed '<' swallows the rest of the list into one "address": split it again
            String[] pieces = address.split(",");
            for (int i = 0; i < pieces.length; i++) {
                String piece = pieces[i].trim().replaceAll("^<|>$", "");
                if (!piece.isEmpty() && (pieces.length == 1 || piece.indexOf('@') > 0)) {
                    out.add(new EmailAddress(piece, i == 0 ? name : null));
                }
            }
        }
        return out;
    }

    /** The comment right after a bare address ({@code a@b (Name)}), without its parentheses, or null. */
    private static String trailingComment(String value, String address) {
        int at = value.indexOf(address);
        if (at < 0) {
            return null;
        }
        int i = at + address.length();
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        if (i >= value.length() || value.charAt(i) != '(') {
            return null;
        }
        StringBuilder comment = new StringBuilder();
        int depth = 0;
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                comment.append(value.charAt(++i));
                continue;
            }
            if (c == '(' && depth++ == 0) {
                continue;
            }
            if (c == ')' && --depth == 0) {
                return comment.toString().strip();
            }
            comment.append(c);
        }
        return null;
    }

    /** Message ids in order, without angle brackets; bare ids (no brackets at all) are accepted too. */
    static List<String> messageIds(String value) {
        List<String> ids = new ArrayList<>();
        if (value == null) {
            return ids;
        }
        int pos = 0;
        while (true) {
            int open = value.indexOf('<', pos);
            if (open < 0) {
                break;
            }
            int close = value.indexOf('>', open + 1);
            if (close < 0) {
                break;
            }
            String id = value.substring(open + 1, close).replaceAll("\\s+", "");
            if (!id.isEmpty()) {
                ids.add(id);
            }
            pos = close + 1;
        }
        if (ids.isEmpty() && value.indexOf('<') < 0) {
            for (String token : value.trim().split("[\\s,]+")) {
                if (token.contains("@")) {
                    ids.add(token);
                }
            }
        }
        return ids;
    }

    /**
     * The Date header with the sender's own offset ({@code -0000} and unknown zones as UTC), or null if it cannot be
     * parsed. The instant comes from mime4j's lenient parser; the offset from the header's zone.
     */
    static OffsetDateTime date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String noComment = value.replaceAll("\\([^)]*\\)", " ").trim();
        Date parsed = DateTimeFieldLenientImpl.PARSER.parse(new RawField("Date", value), DecodeMonitor.SILENT)
                .getDate();
        Instant instant = parsed == null ? null : parsed.toInstant();
        if (instant == null) {
            try {
                return ZonedDateTime.parse(noComment, DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        ZoneOffset offset = offset(noComment);
        if (!NUMERIC_ZONE.matcher(noComment).find() && offset.getTotalSeconds() != 0) {
            // mime4j reads obsolete named zones (EST, PDT...) as UTC: the wall time is in that zone
            instant = instant.minusSeconds(offset.getTotalSeconds());
        }
        return instant.atOffset(offset);
    }

    private static ZoneOffset offset(String date) {
        Matcher numeric = NUMERIC_ZONE.matcher(date);
        if (numeric.find()) {
            int hours = Integer.parseInt(numeric.group(2));
            int minutes = Integer.parseInt(numeric.group(3));
            if (hours <= 18 && minutes < 60) {
                int seconds = (hours * 3600 + minutes * 60) * ("-".equals(numeric.group(1)) ? -1 : 1);
                return ZoneOffset.ofTotalSeconds(seconds);
            }
            return ZoneOffset.UTC;
        }
        String[] words = date.split("\\s+");
        Integer hours = NAMED_ZONES.get(words[words.length - 1].toUpperCase(Locale.ROOT));
        return hours == null ? ZoneOffset.UTC : ZoneOffset.ofHours(hours);
    }

    static String unfold(String s) {
        return s.replaceAll("\r?\n(?=[ \t])", "").replace("\r", "").replace("\n", "");
    }

    private static int indexOf(ByteSequence raw, char c) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.byteAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
