package com.workestra.email.sync.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MessageParserTest {

    private final MessageParser parser = new MessageParser();

    private ParsedMessage parse(byte[] raw) throws IOException {
        return parser.parse(new ByteArrayInputStream(raw), MimeLimits.DEFAULTS);
    }

    private static boolean anyWarning(ParsedMessage m, String fragment) {
        return m.warnings().stream().anyMatch(w -> w.toLowerCase().contains(fragment.toLowerCase()));
    }

    @Test
    void alternativeWithUtf8AndLatin1PartsAndEncodedHeaders() throws IOException {
        byte[] raw = Eml.of(
                "Return-Path: <bounce@example.com>",
                "Message-ID: <alt-1@mail.example.com>",
                "Date: Mon, 3 Feb 2025 10:15:30 +0100 (CET)",
                "From: =?ISO-8859-1?Q?Andr=E9_M=FCller?= <andre@example.com>",
                "To: \"Bob, Jr.\" <bob@example.com>, carol@example.com,",
                " Team: dave@example.com, =?UTF-8?B?" + Eml.b64("Ève") + "?= <eve@example.com>;",
                "Cc: <frank@example.com>",
                "Reply-To: replies@example.com",
                "Subject: =?UTF-8?B?" + Eml.b64("Grüße aus") + "?= =?ISO-8859-1?Q?_K=F6ln?=",
                "Content-Language: de-DE",
                "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=\"alt\"",
                "",
                "--alt",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Gr=C3=BC=C3=9Fe, caf=C3=A9 =E2=82=AC 5 =F0=9F=98=80 lang=",
                "e Zeile",
                "--alt",
                "Content-Type: text/html; charset=\"ISO-8859-1\"",
                "Content-Transfer-Encoding: 8bit",
                "",
                "<html><body><p>Gr\u00fc\u00dfe &amp; caf\u00e9</p></body></html>".getBytes(StandardCharsets.ISO_8859_1),
                "",
                "--alt--",
                "");
        ParsedMessage m = parse(raw);

        assertEquals(List.of(), m.warnings());
        assertFalse(m.truncated());
        assertEquals("alt-1@mail.example.com", m.messageId());
        assertEquals("Grüße aus Köln", m.subject());
        assertEquals(new EmailAddress("andre@example.com", "André Müller"), m.from());
        assertEquals(List.of(new EmailAddress("bob@example.com", "Bob, Jr."),
                new EmailAddress("carol@example.com", null),
                new EmailAddress("dave@example.com", null),
                new EmailAddress("eve@example.com", "Ève")), m.to());
        assertEquals(List.of(new EmailAddress("frank@example.com", null)), m.cc());
        assertEquals(List.of(new EmailAddress("replies@example.com", null)), m.replyTo());
        assertEquals(List.of(), m.bcc());
        assertEquals(Instant.parse("2025-02-03T09:15:30Z"), m.sentAt().toInstant());
        assertEquals("Grüße, café € 5 \uD83D\uDE00 lange Zeile", m.textBody().strip());
        assertEquals("<html><body><p>Grüße &amp; café</p></body></html>", m.htmlBody().strip());
        assertFalse(m.textTruncated());
        assertFalse(m.htmlTruncated());
        assertEquals("Grüße, café € 5 \uD83D\uDE00 lange Zeile", m.snippet());
        assertEquals(List.of(), m.attachments());
        assertEquals(Map.of("Return-Path", "<bounce@example.com>", "Content-Language", "de-DE"), m.headers());
        assertEquals(raw.length, m.sizeBytes());
    }

    @Test
    void mixedAttachmentsAreCountedExactlyWithDecodedFilenames() throws IOException {
        byte[] pdf = Eml.binary(10_007, 3);
        byte[] zip = Eml.binary(1, 9);
        String csv = "a;b\r\nä;ö\r\n";
        byte[] raw = Eml.of(
                "From: sender@example.com",
                "Subject: files",
                "Content-Type: multipart/mixed; boundary=mix",
                "",
                "preamble is ignored",
                "--mix",
                "Content-Type: text/plain",
                "",
                "See attached.",
                "--mix",
                "Content-Type: application/pdf; name=\"fallback.pdf\"",
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment;",
                " filename*0*=UTF-8''%E2%82%AC%20Bericht;",
                " filename*1=\" Q1 2025\";",
                " filename*2*=%2Epdf",
                "",
                Eml.base64Lines(pdf) + "--mix",
                "Content-Type: application/zip; name=\"=?UTF-8?B?" + Eml.b64("Größe.zip") + "?=\"",
                "Content-Transfer-Encoding: base64",
                "",
                Eml.base64Lines(zip) + "--mix",
                "Content-Type: text/csv; charset=UTF-8",
                "Content-Transfer-Encoding: quoted-printable",
                "Content-Disposition: attachment; filename*=iso-8859-1'de'Tabelle%FC.csv",
                "",
                "a;b",
                "=C3=A4;=C3=B6",
                "",
                "--mix",
                "Content-Type: text/plain; charset=UTF-8; name=notes.txt",
                "Content-Disposition: attachment",
                "",
                "these are notes, not the body",
                "--mix--",
                "epilogue");
        ParsedMessage m = parse(raw);

        assertEquals(List.of(), m.warnings());
        assertEquals("See attached.", m.textBody().strip());
        assertNull(m.htmlBody());
        List<AttachmentInfo> a = m.attachments();
        assertEquals(4, a.size());
        assertEquals(new AttachmentInfo("2", "€ Bericht Q1 2025.pdf", "application/pdf", pdf.length, null, false, "file"),
                a.get(0));
        assertEquals(new AttachmentInfo("3", "Größe.zip", "application/zip", 1, null, false, "file"), a.get(1));
        assertEquals(new AttachmentInfo("4", "Tabelleü.csv", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8).length, null, false, "file"), a.get(2));
        assertEquals(new AttachmentInfo("5", "notes.txt", "text/plain", "these are notes, not the body".length(),
                null, false, "file"), a.get(3));
    }

    @Test
    void relatedInlineImageInsideAlternative() throws IOException {
        byte[] png = Eml.binary(4_321, 1);
        byte[] raw = Eml.of(
                "From: news@example.com",
                "Subject: logo",
                "Content-Type: multipart/alternative; boundary=\"outer\"",
                "",
                "--outer",
                "Content-Type: text/plain; charset=us-ascii",
                "",
                "Plain version",
                "--outer",
                "Content-Type: multipart/related; boundary=\"rel\"; type=\"text/html\"",
                "",
                "--rel",
                "Content-Type: text/html; charset=UTF-8",
                "",
                "<img src=\"cid:logo@example.com\"><p>HTML version</p>",
                "--rel",
                "Content-Type: image/png",
                "Content-Transfer-Encoding: base64",
                "Content-ID: < logo@example.com >",
                "",
                Eml.base64Lines(png) + "--rel--",
                "",
                "--outer--");
        ParsedMessage m = parse(raw);

        assertEquals(List.of(), m.warnings());
        assertEquals("Plain version", m.textBody().strip());
        assertTrue(m.htmlBody().contains("<p>HTML version</p>"));
        assertEquals(List.of(new AttachmentInfo("2.2", null, "image/png", png.length, "logo@example.com", true, "inline")),
                m.attachments());
    }

    @Test
    void threadingAndListHeaders() throws IOException {
        byte[] raw = Eml.of(
                "Message-ID:",
                "  <reply-3@example.com>",
                "In-Reply-To: <reply-2@example.com> (Bob's message)",
                "References: <root@example.com>",
                " <reply-1@example.com>",
                "\t<reply-2@example.com>",
                "List-Id: Workestra users <users.workestra.example.com>",
                "Precedence: list",
                "Subject: Re: Re: thread",
                "",
                "body");
        ParsedMessage m = parse(raw);

        assertEquals("reply-3@example.com", m.messageId());
        assertEquals("reply-2@example.com", m.inReplyTo());
        assertEquals(List.of("root@example.com", "reply-1@example.com", "reply-2@example.com"), m.references());
        assertEquals("Workestra users <users.workestra.example.com>", m.headers().get("List-Id"));
        assertEquals("list", m.headers().get("Precedence"));
        assertEquals("body", m.textBody().strip());
        assertEquals(List.of(), m.attachments());
    }

    @Test
    void listAndReportHeadersAreKept() throws IOException {
        byte[] raw = Eml.of(
                "From: Mail Delivery System <MAILER-DAEMON@example.com>",
                "To: me@example.com",
                "Subject: Undelivered Mail Returned to Sender",
                "List-Unsubscribe: <mailto:leave@example.com>",
                "X-Autoreply: yes",
                "X-Autorespond: yes",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"",
                "",
                "--r",
                "Content-Type: text/plain",
                "",
                "It bounced.",
                "--r",
                "Content-Type: message/delivery-status",
                "",
                "Reporting-MTA: dns; mx.example.com",
                "--r--",
                "");
        ParsedMessage m = parse(raw);

        assertEquals(Map.of("List-Unsubscribe", "<mailto:leave@example.com>", "X-Autoreply", "yes",
                "X-Autorespond", "yes", "Content-Type", "multipart/report"), m.headers());
    }

    @Test
    void autoReplyHeadersAreKept() throws IOException {
        byte[] raw = Eml.of(
                "From: Out Of Office <ooo@example.com>",
                "To: me@example.com",
                "Subject: Automatic reply: meeting",
                "auto-submitted: auto-replied",
                "X-Auto-Response-Suppress: All",
                "Precedence: auto_reply",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "I am away until Monday.");
        ParsedMessage m = parse(raw);

        assertEquals(Map.of("Auto-Submitted", "auto-replied", "X-Auto-Response-Suppress", "All",
                "Precedence", "auto_reply"), m.headers());
        assertEquals("I am away until Monday.", m.snippet());
        assertNull(m.sentAt());
    }

    @Test
    void attachedMessageStaysOneAttachment() throws IOException {
        String inner = String.join("\r\n",
                "From: inner@example.com",
                "Subject: the forwarded one",
                "Content-Type: multipart/mixed; boundary=inner",
                "",
                "--inner",
                "Content-Type: text/plain",
                "",
                "inner text must not leak into the outer body",
                "--inner",
                "Content-Type: application/octet-stream; name=inner.bin",
                "",
                "xyz",
                "--inner--");
        byte[] raw = Eml.of(
                "From: outer@example.com",
                "Subject: Fwd: the forwarded one",
                "Content-Type: multipart/mixed; boundary=outer",
                "",
                "--outer",
                "Content-Type: text/plain",
                "",
                "see below",
                "--outer",
                "Content-Type: message/rfc822",
                "Content-Disposition: attachment; filename=\"forwarded.eml\"",
                "",
                inner,
                "--outer--");
        ParsedMessage m = parse(raw);

        assertEquals(List.of(), m.warnings());
        assertEquals("Fwd: the forwarded one", m.subject());
        assertEquals("see below", m.textBody().strip());
        assertEquals(List.of(new AttachmentInfo("2", "forwarded.eml", "message/rfc822",
                inner.getBytes(StandardCharsets.US_ASCII).length, null, false, "message")), m.attachments());
    }

    @Test
    void iso2022JpBodyAndSubject() throws IOException {
        Charset jis = Charset.forName("ISO-2022-JP");
        byte[] raw = Eml.of(
                "Subject: =?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString("会議の件".getBytes(jis)) + "?=",
                "Content-Type: text/plain; charset=ISO-2022-JP",
                "Content-Transfer-Encoding: 7bit",
                "",
                "明日の会議は十時からです。".getBytes(jis),
                "");
        ParsedMessage m = parse(raw);

        assertEquals("会議の件", m.subject());
        assertEquals("明日の会議は十時からです。", m.textBody().strip());
        assertEquals(List.of(), m.warnings());
    }

    @Test
    void eightBitHeadersAndUndeclaredCharsetsAreSniffed() throws IOException {
        byte[] raw = Eml.of(
                "Subject: Grüße in raw UTF-8",
                "From: Jürgen <j@example.com>",
                "Date: sometime last week",
                "",
                "Café € price".getBytes(Charset.forName("windows-1252")),
                "");
        ParsedMessage m = parse(raw);

        assertEquals("Grüße in raw UTF-8", m.subject());
        assertEquals(new EmailAddress("j@example.com", "Jürgen"), m.from());
        assertEquals("Café € price", m.textBody().strip());
        assertNull(m.sentAt());
        assertTrue(anyWarning(m, "unparseable Date"), m.warnings().toString());
    }

    @Test
    void htmlOnlyMessageGetsStrippedSnippet() throws IOException {
        byte[] raw = Eml.of(
                "Content-Type: text/html; charset=utf-8",
                "",
                "<html><head><style>p { color: red }</style></head><body>",
                "<!-- tracking --><p>Hello&nbsp;<b>World</b> &amp; &#8364;&#x31;</p>",
                "<script>alert('x')</script></body></html>");
        ParsedMessage m = parse(raw);

        assertNull(m.textBody());
        assertEquals("Hello World & €1", m.snippet());
    }

    @Test
    void malformedMessageKeepsWhatCouldBeParsedWithWarnings() throws IOException {
        byte[] raw = Eml.of(
                "From: broken@example.com",
                "Subject: broken",
                "Content-Type: multipart/mixed; boundary=b",
                "",
                "--b",
                "Content-Type: text/plain; charset=x-no-such-charset",
                "",
                "Gr\u00fc\u00dfe trotz falschem Zeichensatz",
                "--b",
                "Content-Type: application/octet-stream; name=bad.bin",
                "Content-Transfer-Encoding: base64",
                "",
                "QUJD!!!REVG",
                "--b",
                "Content-Type: image/jpeg; name=cut.jpg",
                "Content-Transfer-Encoding: base64",
                "",
                "/9j/4AAQSkZJRgABAQ");
        ParsedMessage m = assertDoesNotThrowParse(raw);

        assertEquals("broken", m.subject());
        assertEquals("Grüße trotz falschem Zeichensatz", m.textBody().strip());
        assertTrue(anyWarning(m, "unknown charset 'x-no-such-charset'"), m.warnings().toString());
        assertTrue(anyWarning(m, "base64"), m.warnings().toString());
        assertTrue(anyWarning(m, "part 3"), m.warnings().toString());
        assertEquals(2, m.attachments().size());
        assertEquals(new AttachmentInfo("2", "bad.bin", "application/octet-stream", 6, null, false, "file"),
                m.attachments().get(0));
        assertEquals("cut.jpg", m.attachments().get(1).filename());
        assertTrue(m.attachments().get(1).sizeBytes() > 0);
    }

    private ParsedMessage assertDoesNotThrowParse(byte[] raw) throws IOException {
        ParsedMessage m = parse(raw);
        assertNotNull(m);
        assertFalse(m.warnings().isEmpty());
        return m;
    }

    @Test
    void headerBombStopsAtTheLimitWithAWarning() throws IOException {
        StringBuilder bomb = new StringBuilder("Subject: before the bomb\r\nFrom: a@example.com\r\n");
        for (int i = 0; i < 5_000; i++) {
            bomb.append("X-Junk-").append(i).append(": ").append("j".repeat(20)).append("\r\n");
        }
        bomb.append("\r\nbody never reached\r\n");
        ParsedMessage m = parse(bomb.toString().getBytes(StandardCharsets.US_ASCII));

        assertTrue(m.truncated());
        assertEquals("before the bomb", m.subject());
        assertEquals(new EmailAddress("a@example.com", null), m.from());
        assertNull(m.textBody());
        assertTrue(anyWarning(m, "header limit (1000)"), m.warnings().toString());
    }

    @Test
    void overlongHeaderLineIsAWarningNotAnException() throws IOException {
        MimeLimits limits = new MimeLimits(100, 200, 400, 1 << 20, 100, 10, 5);
        byte[] raw = Eml.of("Subject: ok", "X-Short: lost with the next line", "X-Long: " + "x".repeat(1000), "", "body");
        ParsedMessage m = parser.parse(new ByteArrayInputStream(raw), limits);

        assertTrue(m.truncated());
        assertEquals("ok", m.subject(), m.warnings().toString());
        assertTrue(anyWarning(m, "Maximum line length limit (200) exceeded"), m.warnings().toString());
        assertNull(m.textBody());
        assertFalse(m.warnings().isEmpty());
    }

    @Test
    void bodyLimitTruncatesWithFlag() throws IOException {
        byte[] raw = Eml.of("Content-Type: text/plain; charset=utf-8", "", "ü".repeat(500));
        ParsedMessage m = parser.parse(new ByteArrayInputStream(raw), MimeLimits.DEFAULTS.withMaxBodyChars(100));

        assertEquals("ü".repeat(100), m.textBody());
        assertTrue(m.textTruncated());
        assertFalse(m.truncated());
    }

    @Test
    void tooManyPartsStopWithAWarning() throws IOException {
        StringBuilder parts = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
        for (int i = 0; i < 30; i++) {
            parts.append("--p\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n");
        }
        parts.append("--p--\r\n");
        MimeLimits limits = new MimeLimits(100, 1000, 1000, 1 << 20, 100, 10, 5);
        ParsedMessage m = parser.parse(new ByteArrayInputStream(parts.toString().getBytes(StandardCharsets.US_ASCII)),
                limits);

        assertTrue(m.truncated());
        assertEquals(10, m.attachments().size());
        assertTrue(anyWarning(m, "more than 10 body parts"), m.warnings().toString());
    }

    @Test
    void sourceFailurePropagates() {
        IOException boom = new IOException("connection reset");
        InputStream failing = new InputStream() {
            private int left = 200;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'X';
                }
                throw boom;
            }
        };
        byte[] head = Eml.of("Subject: s", "Content-Type: application/octet-stream", "", "");
        InputStream raw = new java.io.SequenceInputStream(new ByteArrayInputStream(head), failing);
        IOException thrown = assertThrows(IOException.class, () -> parser.parse(raw, MimeLimits.DEFAULTS));
        assertSame(boom, thrown);
    }
}
