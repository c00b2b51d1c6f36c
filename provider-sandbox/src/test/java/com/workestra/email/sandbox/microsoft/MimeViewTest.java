package com.workestra.email.sandbox.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.Http;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MIME reading and writing used to render Graph messages and to build sendMail messages. */
class MimeViewTest {

    private static final String MULTIPART = String.join("\r\n",
            "From: =?iso-8859-1?Q?Ren=E9_M=FCller?= <rene@example.org>",
            "To: \"Doe, Jane\" <jane@contoso.test>, bob@contoso.test",
            "Subject: =?utf-8?B?w4ljaMOpYW5jZQ==?= =?utf-8?Q?_proche?=",
            "Message-ID: <m1@example.org>",
            "References: <root@example.org> <m0@example.org>",
            "Date: Tue, 10 Nov 2026 08:30:00 +0100",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"outer\"",
            "",
            "--outer",
            "Content-Type: multipart/alternative; boundary=inner",
            "",
            "--inner",
            "Content-Type: text/plain; charset=iso-8859-1",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Bonjour, l'=E9ch=E9ance approche =",
            "vite.",
            "--inner",
            "Content-Type: text/html; charset=utf-8",
            "",
            "<p>Bonjour</p>",
            "--inner--",
            "--outer",
            "Content-Type: application/pdf; name=\"facture.pdf\"",
            "Content-Disposition: attachment; filename=\"facture.pdf\"",
            "Content-Transfer-Encoding: base64",
            "",
            "JVBERi0xLjQK",
            "--outer--",
            "");

    @Test
    void readsHeadersBodiesAndAttachmentsOfANestedMultipart() {
        MimeView v = MimeView.parse(MULTIPART.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Échéance proche", v.header("Subject"));
        assertEquals("René Müller", v.addresses("From").get(0).name());
        assertEquals(2, v.addresses("To").size());
        assertEquals("Doe, Jane", v.addresses("To").get(0).name());
        assertEquals("Bonjour, l'échéance approche vite.", v.text.trim());
        assertEquals("<p>Bonjour</p>", v.html.trim());
        assertEquals(1, v.attachments.size());
        assertEquals("facture.pdf", v.attachments.get(0).name());
        assertEquals("%PDF-1.4\n", new String(v.attachments.get(0).content(), StandardCharsets.US_ASCII));
    }

    @Test
    void rendersTheGraphMessageResource() {
        MailBackend.Mail mail = new MailBackend.Mail("id-1", 1, MailBackend.Folder.INBOX, false,
                Instant.parse("2026-11-10T07:31:00Z"), () -> MULTIPART.getBytes(StandardCharsets.ISO_8859_1), null);
        Map<String, Object> r = GraphMessages.render("me@contoso.test", mail, null, false);
        assertEquals("Échéance proche", r.get("subject"));
        assertEquals("2026-11-10T07:30:00Z", r.get("sentDateTime"));
        assertEquals("2026-11-10T07:31:00Z", r.get("receivedDateTime"));
        assertEquals(true, r.get("hasAttachments"));
        assertEquals(Map.of("contentType", "html", "content", "<p>Bonjour</p>"), r.get("body"));
        MailBackend.Mail reply = new MailBackend.Mail("id-2", 2, MailBackend.Folder.INBOX, true, Instant.now(),
                () -> "Message-ID: <m2@example.org>\r\nReferences: <root@example.org>\r\n\r\nx".getBytes(
                        StandardCharsets.US_ASCII), null);
        assertEquals(r.get("conversationId"), GraphMessages.render("me@contoso.test", reply, Set.of(
                "conversationId"), false).get("conversationId"));
        Map<String, Object> text = GraphMessages.render("me@contoso.test", mail, Set.of("body"), true);
        assertEquals("text", ((Map<?, ?>) text.get("body")).get("contentType"));
        assertFalse(text.containsKey("subject"));
    }

    @Test
    void sendMailBuildsAParsableMessageAndRejectsStandardHeaders() throws Exception {
        JsonNode message = Http.JSON.readTree("{\"subject\":\"Grüße\",\"body\":{\"contentType\":\"text\","
                + "\"content\":\"Hallo Welt\"},\"toRecipients\":[{\"emailAddress\":{\"address\":\"a@x.test\","
                + "\"name\":\"Änne\"}}],\"bccRecipients\":[{\"emailAddress\":{\"address\":\"hidden@x.test\"}}],"
                + "\"internetMessageHeaders\":[{\"name\":\"X-Workestra-Ref\",\"value\":\"42\"}],"
                + "\"attachments\":[{\"@odata.type\":\"#microsoft.graph.fileAttachment\",\"name\":\"a.txt\","
                + "\"contentType\":\"text/plain\",\"contentBytes\":\"aGk=\"}]}");
        SendMailBuilder.Built b = SendMailBuilder.build(message, "me@contoso.test", "Me Myself");
        MimeView v = MimeView.parse(b.raw());
        assertEquals("Grüße", v.header("Subject"));
        assertEquals("Änne", v.addresses("To").get(0).name());
        assertEquals("42", v.header("X-Workestra-Ref"));
        assertEquals("Hallo Welt", v.text);
        assertEquals("hi", new String(v.attachments.get(0).content(), StandardCharsets.US_ASCII));
        assertTrue(v.header("Bcc") == null && b.bcc().contains("hidden@x.test"));
        assertTrue(b.messageId().endsWith("@contoso.test>"));

        JsonNode bad = Http.JSON.readTree("{\"toRecipients\":[{\"emailAddress\":{\"address\":\"a@x.test\"}}],"
                + "\"internetMessageHeaders\":[{\"name\":\"Reply-To\",\"value\":\"x@y\"}]}");
        SendMailBuilder.BadMessage e = assertThrows(SendMailBuilder.BadMessage.class,
                () -> SendMailBuilder.build(bad, "me@contoso.test", null));
        assertEquals("InvalidInternetMessageHeader", e.code);
    }
}
