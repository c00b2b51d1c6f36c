package com.workestra.email.sync.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mail fidelity of the parser: addresses, names, subjects, dates and bodies exactly as the sender wrote them. The
 * same messages go through both connectors and the sandbox in the itests' FidelityIT; these cases pin each rule.
 */
class FidelityTest {

    private final MessageParser parser = new MessageParser();

    private ParsedMessage parse(byte[] raw) throws IOException {
        return parser.parse(new ByteArrayInputStream(raw));
    }

    private static List<String> rendered(List<EmailAddress> list) {
        return list.stream().map(a -> a.displayName() + " <" + a.address() + ">").toList();
    }

    @Test
    void rawUtf8NamesNoLongerCutTheAddressesAfterThem() throws IOException {
        ParsedMessage m = parse(Eml.of("From: Jürgen Schmürgen <schmuergen@example.com>",
                "To: Jürgen Schmürgen <schmuergen@example.com>, Zoë <zoe@example.org>",
                "Cc: Łukasz Ślą <lukasz@example.pl>", "Subject: Grüße aus Köln", "", "hi"));
        assertEquals(List.of("Jürgen Schmürgen <schmuergen@example.com>", "Zoë <zoe@example.org>"),
                rendered(m.to()));
        assertEquals(List.of("Łukasz Ślą <lukasz@example.pl>"), rendered(m.cc()));
        assertEquals("Jürgen Schmürgen <schmuergen@example.com>", rendered(List.of(m.from())).get(0));
        assertEquals("Grüße aus Köln", m.subject());
    }

    @Test
    void foldedGroupsCommentsAndQuotedSpecials() throws IOException {
        ParsedMessage m = parse(Eml.of("From: bob@example.org (Bob Öberg)",
                "To: Sales Team: \"Smith, John (Sales)\" <js@example.com>,",
                "\tΑλέξανδρος Παπαδόπουλος",
                " <alex@example.gr>;, \"John \\\"JJ\\\" Doe\" <jj@example.org>",
                "Cc: undisclosed-recipients:;", "Reply-To: Ann (the boss) <ann@example.org>", "", "x"));
        assertEquals("Bob Öberg <bob@example.org>", rendered(List.of(m.from())).get(0));
        assertEquals(List.of("Smith, John (Sales) <js@example.com>",
                "Αλέξανδρος Παπαδόπουλος <alex@example.gr>", "John \"JJ\" Doe <jj@example.org>"), rendered(m.to()));
        assertTrue(m.cc().isEmpty());
        assertEquals(List.of("Ann <ann@example.org>"), rendered(m.replyTo()));
    }

    @Test
    void missingAndBrokenHeadersKeepWhatIsThere() throws IOException {
        ParsedMessage m = parse(Eml.of("To: broken <a@example.org, d@example.org", "Cc: , ,c@example.org,", "",
                "body"));
        assertNull(m.from());
        assertNull(m.subject());
        assertNull(m.sentAt());
        assertEquals(List.of("broken <a@example.org>", "null <d@example.org>"), rendered(m.to()));
        assertEquals(List.of("null <c@example.org>"), rendered(m.cc()));
    }

    /** Every charset the JDK can encode a sample in, as an RFC 2047 B word in the subject and in a name. */
    static Stream<Charset> javaCharsets() {
        return Charset.availableCharsets().values().stream().filter(Charset::canEncode)
                .filter(c -> sample(c) != null);
    }

    private static final List<String> SAMPLES = List.of("Grüße, Ωμέγα und 日本語", "Отчёт Ωμέγα", "Grüße Ærø",
            "日本語のテキスト", "한국어 텍스트", "ภาษาไทย", "עברית", "العربية", "Zażółć gęślą", "Tiếng Việt", "Plain ASCII");

    static String sample(Charset charset) {
        for (String s : SAMPLES) {
            try {
                byte[] bytes = s.getBytes(charset);
                if (new String(bytes, charset).equals(s)) {
                    return s;
                }
            } catch (RuntimeException e) {
                // this charset cannot encode
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javaCharsets")
    void encodedWordsInEveryJavaCharsetRoundTrip(Charset charset) throws IOException {
        String text = sample(charset);
        String word = "=?" + charset.name() + "?B?" + Base64.getEncoder().encodeToString(text.getBytes(charset)) + "?=";
        ParsedMessage m = parse(Eml.of("From: " + word + " <sender@example.org>", "Subject: " + word, "", "x"));
        assertEquals(text, m.subject(), charset.name());
        assertEquals(text, m.from().displayName(), charset.name());
        assertEquals("sender@example.org", m.from().address());
    }

    @Test
    void utf7EncodedWordsAndBodies() throws IOException {
        ParsedMessage m = parse(Eml.of("From: =?utf-7?Q?J+APw-rgen?= <j@example.de>",
                "Subject: =?UTF-7?B?" + b64("Gr+APwA3w-e +A6kDvAOtA7MDsQ-") + "?=", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-7", "", "Sch+APY-ne Gr+APwA3w-e"));
        assertEquals("Jürgen", m.from().displayName());
        assertEquals("Grüße Ωμέγα", m.subject());
        assertEquals("Schöne Grüße", m.textBody().strip());
    }

    @Test
    void rawEightBitHeadersUseTheDeclaredCharset() throws IOException {
        Charset koi8 = Charset.forName("KOI8-R");
        ParsedMessage m = parse(Eml.of("From: ".getBytes(StandardCharsets.US_ASCII), "Иван Петров".getBytes(koi8),
                " <ivan@example.ru>\r\nSubject: ".getBytes(StandardCharsets.US_ASCII),
                "Отчёт о продажах".getBytes(koi8), "\r\nMIME-Version: 1.0".getBytes(StandardCharsets.US_ASCII),
                "\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "Привет".getBytes(koi8)));
        assertEquals("Иван Петров", m.from().displayName());
        assertEquals("ivan@example.ru", m.from().address());
        assertEquals("Отчёт о продажах", m.subject());
        assertEquals("Привет", m.textBody().strip());
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("koi8-r")), m.warnings().toString());
    }

    @Test
    void rawEightBitHeadersWithoutADeclarationAreDetected() throws IOException {
        Charset cp1251 = Charset.forName("windows-1251");
        ParsedMessage m = parse(Eml.of("From: ".getBytes(StandardCharsets.US_ASCII),
                "Иван Петров".getBytes(cp1251), " <ivan@example.ru>\r\nSubject: ".getBytes(StandardCharsets.US_ASCII),
                "Отчёт о продажах за квартал".getBytes(cp1251), "\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("Отчёт о продажах за квартал", m.subject());
        assertEquals("Иван Петров", m.from().displayName());
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("detected")), m.warnings().toString());
    }

    @Test
    void theMessagesOwnDateKeepsItsOffset() throws IOException {
        assertEquals(OffsetDateTime.parse("2026-12-07T10:00:05+01:00"),
                parse(Eml.of("Date: Mon, 7 Dec 2026 10:00:05 +0100 (CET)", "", "x")).sentAt());
        assertEquals(OffsetDateTime.parse("2026-12-07T10:00:00-05:00"),
                parse(Eml.of("Date: 7 Dec 2026 10:00 EST", "", "x")).sentAt());
        assertEquals(OffsetDateTime.parse("2026-12-07T10:00:00+05:30"),
                parse(Eml.of("Date: Mon, 07 Dec 2026 10:00:00 +0530", "", "x")).sentAt());
        ParsedMessage broken = parse(Eml.of("Date: yesterday-ish", "", "x"));
        assertNull(broken.sentAt());
        assertTrue(broken.warnings().stream().anyMatch(w -> w.contains("Date")));
    }

    @Test
    void aLyingUtf8LabelFallsBackByDetectionWithAWarning() throws IOException {
        ParsedMessage m = parse(Eml.of("Content-Type: text/plain; charset=utf-8", "",
                "Gr\u00fc\u00dfe aus M\u00fcnchen, sch\u00f6ne Stra\u00dfe".getBytes(Charset.forName("windows-1252"))));
        assertEquals("Grüße aus München, schöne Straße", m.textBody().strip());
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("not valid utf-8")), m.warnings().toString());
    }

    @Test
    void utf8UnderALatin1LabelIsReadAsUtf8WithAWarning() throws IOException {
        ParsedMessage m = parse(Eml.of("Content-Type: text/plain; charset=iso-8859-1", "", "Zoë — Grüße ✓"));
        assertEquals("Zoë — Grüße ✓", m.textBody().strip());
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("is UTF-8")), m.warnings().toString());
    }

    @Test
    void eightBitBodyInItsDeclaredCharsetIsExactWithoutWarnings() throws IOException {
        ParsedMessage m = parse(Eml.of("Content-Type: text/plain; charset=iso-8859-2",
                "Content-Transfer-Encoding: 8bit", "", "Zażółć gęślą jaźń".getBytes(Charset.forName("ISO-8859-2"))));
        assertEquals("Zażółć gęślą jaźń", m.textBody().strip());
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
    }

    @Test
    void nestedMultipartsAttachedMessagesTnefAndSignatures() throws IOException {
        ParsedMessage m = parse(Eml.of("Subject: nested", "MIME-Version: 1.0",
                "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=sig", "",
                "--sig", "Content-Type: multipart/mixed; boundary=mix", "",
                "--mix", "Content-Type: multipart/alternative; boundary=alt", "",
                "--alt", "Content-Type: text/plain; charset=utf-8", "", "Plain body ü",
                "--alt", "Content-Type: multipart/related; boundary=rel", "",
                "--rel", "Content-Type: text/html; charset=utf-8", "", "<p>HTML ü <img src=\"cid:logo@x\"></p>",
                "--rel", "Content-Type: image/png", "Content-ID: <logo@x>",
                "Content-Disposition: inline; filename=\"logo.png\"", "Content-Transfer-Encoding: base64", "",
                "iVBORw0KGgo=", "--rel--", "--alt--",
                "--mix", "Content-Type: image/jpeg; name=\"photo.jpg\"", "Content-Disposition: inline; filename=\"photo.jpg\"",
                "Content-Transfer-Encoding: base64", "", "/9j/4AAQ", 
                "--mix", "Content-Type: message/rfc822", "", "Subject: =?UTF-8?Q?Angebot_f=C3=BCr_Q1?=",
                "From: a@example.org", "", "forwarded body",
                "--mix", "Content-Type: application/ms-tnef", "Content-Transfer-Encoding: base64", "", "eJ8+IgAA",
                "--mix--", "--sig", "Content-Type: application/pkcs7-signature; name=smime.p7s",
                "Content-Disposition: attachment; filename=smime.p7s", "Content-Transfer-Encoding: base64", "",
                "MIAGCSqGSIb3", "--sig--"));
        assertEquals("Plain body ü", m.textBody().strip());
        assertTrue(m.htmlBody().contains("HTML ü"));
        List<String> shown = new ArrayList<>();
        for (AttachmentInfo a : m.attachments()) {
            shown.add(a.kind() + ":" + a.filename() + ":" + a.inline());
        }
        assertEquals(List.of("inline:logo.png:true", "file:photo.jpg:false", "message:Angebot für Q1.eml:false",
                "tnef:winmail.dat:false", "signature:smime.p7s:false"), shown);
        assertEquals(9, m.attachments().get(1).sizeBytes() + 3); // "/9j/4AAQ" is 6 bytes
    }

    @Test
    void uuencodedBlocksInPlainBodiesBecomeAttachments() throws IOException {
        ParsedMessage m = parse(Eml.of("Subject: uu", "", "See the file below.", "", "begin 644 hello.txt",
                "+:&5L;&\\@=V]R;&0*", "`", "end", "", "Regards"));
        assertEquals(List.of(new AttachmentInfo("uu1", "hello.txt", "application/octet-stream", 11, null, false,
                AttachmentInfo.FILE)), m.attachments());
        assertFalse(m.textBody().contains("begin 644"));
        assertTrue(m.textBody().contains("See the file below.") && m.textBody().contains("Regards"));
    }

    private static String b64(String ascii) {
        return Base64.getEncoder().encodeToString(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
