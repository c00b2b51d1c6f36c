package com.workestra.email.sandbox.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Builds an RFC 5322 message from control-API fields. */
final class MessageBuilder {

    private MessageBuilder() {
    }

    static byte[] build(MessageSpec spec, String messageId, List<String> references, Instant now, long seed) {
        StringBuilder out = new StringBuilder(1024);
        out.append("Date: ").append(Rfc822.date(now.toEpochMilli(), ZoneOffset.UTC)).append("\r\n");
        out.append("From: ").append(header(spec.from() == null ? "sender@example.com" : spec.from())).append("\r\n");
        List<String> to = spec.to() == null ? List.of() : spec.to();
        if (!to.isEmpty()) {
            out.append("To: ").append(header(MimeParts.join(to))).append("\r\n");
        }
        out.append("Subject: ").append(Rfc822.encode(spec.subject() == null ? "" : spec.subject(),
                StandardCharsets.UTF_8, true)).append("\r\n");
        out.append("Message-ID: ").append(messageId).append("\r\n");
        if (!references.isEmpty()) {
            out.append("In-Reply-To: ").append(references.get(references.size() - 1)).append("\r\n");
            out.append("References: ").append(String.join("\r\n ", references)).append("\r\n");
        }
        if (spec.headers() != null) {
            for (Map.Entry<String, String> h : spec.headers().entrySet()) {
                out.append(h.getKey()).append(": ").append(header(h.getValue())).append("\r\n");
            }
        }
        out.append("MIME-Version: 1.0\r\n");
        List<MessageSpec.Attachment> atts = spec.attachments() == null ? List.of() : spec.attachments();
        String text = spec.text();
        String html = spec.html();
        if (text == null && html == null) {
            text = "";
        }
        if (!atts.isEmpty()) {
            String b = MimeParts.boundary(seed, "mixed");
            MimeParts.multipartHeader(out, "mixed", b);
            MimeParts.delimiter(out, b);
            body(out, text, html, seed);
            int i = 0;
            for (MessageSpec.Attachment a : atts) {
                MimeParts.delimiter(out, b);
                MimeParts.attachment(out, a.name() == null ? "attachment-" + i + ".bin" : a.name(),
                        a.contentType() == null ? "application/octet-stream" : a.contentType(), a.size(),
                        seed + ++i);
            }
            MimeParts.close(out, b);
        } else {
            body(out, text, html, seed);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void body(StringBuilder out, String text, String html, long seed) {
        if (text != null && html != null) {
            String b = MimeParts.boundary(seed, "alt");
            MimeParts.multipartHeader(out, "alternative", b);
            MimeParts.delimiter(out, b);
            MimeParts.text(out, "plain", text, StandardCharsets.UTF_8, "quoted-printable");
            MimeParts.delimiter(out, b);
            MimeParts.text(out, "html", html, StandardCharsets.UTF_8, "quoted-printable");
            MimeParts.close(out, b);
        } else if (html != null) {
            MimeParts.text(out, "html", html, StandardCharsets.UTF_8, "quoted-printable");
        } else {
            MimeParts.text(out, "plain", text, StandardCharsets.UTF_8, "quoted-printable");
        }
    }

    /** A header value: kept when ASCII, else encoded words for the display names. */
    private static String header(String v) {
        if (Rfc822.isAscii(v)) {
            return v;
        }
        StringBuilder out = new StringBuilder();
        for (String part : v.split(",")) {
            String p = part.trim();
            int lt = p.indexOf('<');
            if (out.length() > 0) {
                out.append(", ");
            }
            if (lt > 0) {
                String name = p.substring(0, lt).trim().replace("\"", "");
                out.append(Rfc822.mailbox(name, p.substring(lt + 1).replace(">", "").trim(), StandardCharsets.UTF_8,
                        true));
            } else {
                out.append(Rfc822.encode(p, StandardCharsets.UTF_8, true));
            }
        }
        return out.toString();
    }
}
