package com.workestra.email.sync.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Bounded memory by construction: generated messages far larger than any buffer are streamed through, and the
 * record holds only bounded strings and counted sizes.
 */
class LargeMessageTest {

    private static final long MIB = 1024 * 1024;

    private final MessageParser parser = new MessageParser();

    @Test
    void streams150MiBMessageCountingTheAttachment() throws IOException {
        long attachment = 115_000_013L; // base64 lines make ~150 MiB on the wire; not a multiple of 3 or 57
        long wire = GeneratedMessage.length(attachment);
        assertTrue(wire > 145 * MIB, "fixture should be about 150 MiB, is " + wire);
        MimeLimits limits = MimeLimits.DEFAULTS.withMaxMessageBytes(256 * MIB).withMaxBodyChars(64 * 1024);

        ParsedMessage m = parser.parse(GeneratedMessage.stream(attachment), limits);

        assertEquals(List.of(), m.warnings());
        assertFalse(m.truncated());
        assertEquals(wire, m.sizeBytes());
        assertEquals(List.of(new AttachmentInfo("2", "big.bin", "application/octet-stream", attachment, null, false, "file")),
                m.attachments());
        // the ~1 MB text part is cut at the limit; nothing else holds more than a snippet
        assertEquals(64 * 1024, m.textBody().length());
        assertTrue(m.textTruncated());
        assertTrue(m.textBody().startsWith(GeneratedMessage.TEXT_LINE + "\r\n" + GeneratedMessage.TEXT_LINE));
        assertEquals(Snippets.LENGTH, m.snippet().length());
        assertEquals(null, m.htmlBody());
        assertEquals("big one", m.subject());
    }

    @Test
    void defaultLimitStopsReadingAt50MiBWithAWarning() throws IOException {
        long attachment = 45_000_000L; // ~59 MiB on the wire
        assertTrue(GeneratedMessage.length(attachment) > 55 * MIB);

        ParsedMessage m = parser.parse(GeneratedMessage.stream(attachment), MimeLimits.DEFAULTS);

        assertTrue(m.truncated());
        assertEquals(50 * MIB, m.sizeBytes());
        assertTrue(m.warnings().contains("message larger than " + 50 * MIB + " bytes: the rest was not read"),
                m.warnings().toString());
        assertEquals(1, m.attachments().size());
        long counted = m.attachments().get(0).sizeBytes();
        assertTrue(counted > 30_000_000L && counted < attachment, "partial attachment size " + counted);
        assertEquals(MimeLimits.DEFAULTS.maxBodyChars(), m.textBody().length());
    }
}
