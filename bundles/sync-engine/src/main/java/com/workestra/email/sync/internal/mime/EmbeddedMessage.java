package com.workestra.email.sync.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * An attached message ({@code message/rfc822}): its size, and the file name a mail client shows for it (its
 * subject + {@code .eml}), read from its header only; its body is counted, never parsed or kept.
 *
 * @param size   decoded size in bytes
 * @param header the first bytes of the message (at most {@link #HEADER_BYTES}), for its Subject
 */
record EmbeddedMessage(long size, byte[] header) {

    static final int HEADER_BYTES = 64 * 1024;

    static EmbeddedMessage read(InputStream decoded, MimeLimits limits) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long size = 0;
        for (int n = decoded.read(buf); n >= 0; n = decoded.read(buf)) {
            if (head.size() < HEADER_BYTES) {
                head.write(buf, 0, Math.min(n, HEADER_BYTES - head.size()));
            }
            size += n;
        }
        return new EmbeddedMessage(size, head.toByteArray());
    }

    /** {@code <subject>.eml} with characters file systems refuse replaced, or {@code message.eml}. */
    String filename(ParseWarnings warnings) {
        String subject = null;
        MimeTokenStream tokens = new MimeTokenStream(MimeLimits.DEFAULTS.toMimeConfig(), new ParseWarnings(), null);
        tokens.parse(new ByteArrayInputStream(header));
        try {
            for (EntityState s = tokens.next(); s != EntityState.T_END_HEADER && s != EntityState.T_END_OF_STREAM;
                    s = tokens.next()) {
                if (s == EntityState.T_FIELD && "subject".equalsIgnoreCase(tokens.getField().getName())) {
                    subject = HeaderValues.decodeWords(HeaderValues.text(tokens.getField()), warnings);
                    break;
                }
            }
        } catch (MimeException | IOException | RuntimeException e) {
            subject = null;
        }
        String name = subject == null ? "" : subject.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        if (name.length() > 120) {
            name = BodyText.cut(name, 120).strip();
        }
        return (name.isEmpty() ? "message" : name) + ".eml";
    }
}
