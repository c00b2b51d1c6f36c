package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The composed message: headers, threading, multipart/alternative, encodings, and no Bcc except on submission. */
class MimeComposerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private static MimeComposer.Composition composition(String html, String text) throws Exception {
        return new MimeComposer.Composition(new InternetAddress("ana@example.test", "Ana Müller", "UTF-8"),
                List.of(new InternetAddress("bob@example.test")), List.of(new InternetAddress("cy@example.test")),
                "Grüße — quarterly numbers", html, text, "abc-123@example.test", "orig-1@mail.example.test",
                List.of("root-0@mail.example.test", "orig-1@mail.example.test"), NOW);
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    @Test
    void writesOurMessageIdThreadingHeadersAndAlternativeBodies() throws Exception {
        byte[] raw = MimeComposer.compose(composition("<p>Hello <b>Bob</b></p>", null));
        MimeMessage m = parse(raw);
        assertEquals("<abc-123@example.test>", m.getMessageID());
        assertEquals("<orig-1@mail.example.test>", m.getHeader("In-Reply-To", null));
        assertEquals("<root-0@mail.example.test> <orig-1@mail.example.test>",
                m.getHeader("References", null).replaceAll("\\s+", " "));
        assertEquals("Grüße — quarterly numbers", m.getSubject());
        assertEquals("bob@example.test", ((InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0])
                .getAddress());
        assertEquals("Ana Müller", ((InternetAddress) m.getFrom()[0]).getPersonal());
        assertTrue(m.getContentType().startsWith("multipart/alternative"));
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertEquals("Hello Bob", ((String) parts.getBodyPart(0).getContent()).strip());
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        assertNull(m.getHeader("Bcc"));
        // 7-bit clean: providers take it as is, the store keeps it as ISO-8859-1 text
        for (byte b : raw) {
            assertTrue(b >= 0, "non-ASCII byte in the message");
        }
    }

    @Test
    void textOnlyMessageIsASinglePart() throws Exception {
        MimeMessage m = parse(MimeComposer.compose(composition(null, "Just text\nsecond line")));
        assertTrue(m.isMimeType("text/plain"));
        assertEquals("Just text\nsecond line", ((String) m.getContent()).replace("\r\n", "\n").strip());
    }

    @Test
    void bccOnlyInTheProviderSubmission() throws Exception {
        byte[] raw = MimeComposer.compose(composition("<p>x</p>", "x"));
        assertFalse(new String(raw, StandardCharsets.US_ASCII).toLowerCase().contains("\nbcc:"));
        byte[] submitted = MimeComposer.submission(raw, List.of("hidden@example.test", "other@example.test"));
        MimeMessage m = parse(submitted);
        assertEquals("hidden@example.test, other@example.test", m.getHeader("Bcc", ", ").replaceAll("\\s+", " ")
                .replace(",  ", ", "));
        assertEquals("<abc-123@example.test>", m.getMessageID());
        assertArrayEquals(raw, MimeComposer.submission(raw, List.of()));
    }

    @Test
    void invalidStoredIdsAreNotWrittenAsHeaders() throws Exception {
        MimeComposer.Composition c = new MimeComposer.Composition(new InternetAddress("ana@example.test"),
                List.of(new InternetAddress("bob@example.test")), List.of(), "s", null, "t", "id-1@example.test",
                "bad\r\nBcc: x@evil.test", List.of("ok@x.test", "no brackets <allowed>@x"), NOW);
        MimeMessage m = parse(MimeComposer.compose(c));
        assertNull(m.getHeader("In-Reply-To"));
        assertNull(m.getHeader("Bcc"));
        assertEquals("<ok@x.test>", m.getHeader("References", null));
    }
}
