package com.workestra.email.sync.internal.mime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteSequence;

/** Decoding of header values: raw bytes, RFC 2047 words, addresses, message ids, dates. */
final class HeaderValues {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private HeaderValues() {
    }

    /** The unfolded field body; 8-bit bytes are read as UTF-8 when valid, else as windows-1252. */
    static String text(Field field) {
        ByteSequence raw = field.getRaw();
        if (raw == null) {
            return field.getBody() == null ? "" : field.getBody().trim();
        }
        int colon = indexOf(raw, ':');
        byte[] bytes = new byte[raw.length() - colon - 1];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = raw.byteAt(colon + 1 + i);
        }
        return unfold(decodeBytes(bytes)).trim();
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

    /** RFC 2047 encoded words decoded; text without encoded words is returned as is. */
    static String decodeWords(String value, DecodeMonitor monitor) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        try {
            return DecoderUtil.decodeEncodedWords(value, monitor, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** Mailboxes of an address list (groups flattened); entries without an address are dropped. */
    static List<EmailAddress> addresses(String value) {
        List<EmailAddress> out = new ArrayList<>();
        for (Mailbox mailbox : LenientAddressParser.DEFAULT.parseAddressList(value).flatten()) {
            String address = mailbox.getAddress();
            if (address == null || address.isBlank()) {
                continue;
            }
            String name = mailbox.getName();
            out.add(new EmailAddress(address.trim(), name == null || name.isBlank() ? null : name.trim()));
        }
        return out;
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

    /** The Date header as an instant, or null if it cannot be parsed. */
    static Instant date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Date parsed = DateTimeFieldLenientImpl.PARSER.parse(new RawField("Date", value), DecodeMonitor.SILENT)
                .getDate();
        if (parsed != null) {
            return parsed.toInstant();
        }
        String noComment = value.replaceAll("\\([^)]*\\)", "").trim();
        try {
            return ZonedDateTime.parse(noComment, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
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
