package com.workestra.email.outbound.internal;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The forwarded message: its raw MIME (as the provider returns it) parsed with Jakarta Mail into the headers quoted
 * in the forward, its text and HTML bodies, and its attachments (parts with an attachment disposition, or named
 * non-text parts that are not inline); inline parts such as images of a multipart/related body are left out.
 */
final class Forwarding {

    static final String SEPARATOR = "---------- Forwarded message ---------";

    /**
     * What a forward quotes and carries of the original.
     *
     * @param from From header (decoded)
     * @param date Date header as written by the sender, or null
     * @param subject subject (decoded)
     * @param to To header (decoded)
     * @param cc Cc header (decoded) or null
     * @param text the text body, or null
     * @param html the HTML body as received (unsanitized), or null
     * @param attachments attachment parts
     */
    record Original(String from, String date, String subject, String to, String cc, String text, String html,
            List<MimeComposer.Attachment> attachments) {
    }

    private Forwarding() {
    }

    /** Parses the original; a message Jakarta Mail cannot read throws IllegalArgumentException. */
    static Original parse(byte[] raw) {
        try {
            return MailLoader.call(() -> read(raw));
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("The forwarded message cannot be read.", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a forward: the separator block with the original's headers, then its text. */
    static String quotedText(Original o) {
        StringBuilder b = new StringBuilder(SEPARATOR).append('\n');
        for (String[] h : headers(o)) {
            b.append(h[0]).append(": ").append(h[1]).append('\n');
        }
        b.append('\n').append(o.text() != null ? o.text() : Html.toText(o.html()));
        return b.toString();
    }

    /** The HTML of a forward: the same block, the original's HTML sanitized (or its text escaped). */
    static String quotedHtml(Original o) {
        StringBuilder b = new StringBuilder("<div class=\"workestra-forward\">").append(Text.escapeHtml(SEPARATOR))
                .append("<br>");
        for (String[] h : headers(o)) {
            b.append(h[0]).append(": ").append(Text.escapeHtml(h[1])).append("<br>");
        }
        b.append("<br>");
        if (o.html() != null) {
            b.append(Html.sanitizeQuoted(o.html()));
        } else {
            b.append("<div style=\"white-space:pre-wrap\">").append(Text.escapeHtml(o.text() == null ? ""
                    : o.text())).append("</div>");
        }
        return b.append("</div>").toString();
    }

    /** Total bytes of the attachments (decoded). */
    static long attachmentBytes(Original o) {
        return o.attachments().stream().mapToLong(a -> a.content().length).sum();
    }

    private static List<String[]> headers(Original o) {
        List<String[]> h = new ArrayList<>();
        h.add(new String[] {"From", nz(o.from())});
        h.add(new String[] {"Date", nz(o.date())});
        h.add(new String[] {"Subject", nz(o.subject())});
        h.add(new String[] {"To", nz(o.to())});
        if (o.cc() != null && !o.cc().isBlank()) {
            h.add(new String[] {"Cc", o.cc()});
        }
        return h;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Original read(byte[] raw) throws MessagingException, IOException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        Bodies bodies = new Bodies();
        walk(m, bodies, 0);
        String date = m.getHeader("Date", null);
        return new Original(addresses(m, "From"), date == null ? null : oneLine(date), subject(m),
                addresses(m, "To"), addresses(m, "Cc"), bodies.text, bodies.html, List.copyOf(bodies.attachments));
    }

    /** Collects the first text and HTML body parts and every attachment part. */
    private static void walk(Part p, Bodies out, int depth) throws MessagingException, IOException {
        if (depth > 20) {
            return;
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                walk(mp.getBodyPart(i), out, depth + 1);
            }
            return;
        }
        if (isAttachment(p)) {
            out.attachments.add(new MimeComposer.Attachment(fileName(p), baseType(p), bytes(p)));
        } else if (out.text == null && p.isMimeType("text/plain")) {
            out.text = String.valueOf(p.getContent());
        } else if (out.html == null && p.isMimeType("text/html")) {
            out.html = String.valueOf(p.getContent());
        }
    }

    private static boolean isAttachment(Part p) throws MessagingException {
        if (!(p instanceof BodyPart)) {
            return false;
        }
        String disposition = p.getDisposition();
        if (Part.ATTACHMENT.equalsIgnoreCase(disposition)) {
            return true;
        }
        if (Part.INLINE.equalsIgnoreCase(disposition) || p.getHeader("Content-ID") != null) {
            return false;
        }
        return p.getFileName() != null && !p.isMimeType("text/plain") && !p.isMimeType("text/html");
    }

    private static String fileName(Part p) throws MessagingException {
        String name = p.getFileName();
        if (name != null) {
            try {
                name = MimeUtility.decodeText(name);
            } catch (UnsupportedEncodingException e) {
                // keep the name as written
            }
        }
        name = name == null || name.isBlank() ? "attachment" : oneLine(name);
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    private static String baseType(Part p) throws MessagingException {
        try {
            return new ContentType(p.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return "application/octet-stream";
        }
    }

    private static byte[] bytes(Part p) throws MessagingException, IOException {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String addresses(MimeMessage m, String header) throws MessagingException {
        try {
            Address[] list = m.getHeader(header, ",") == null ? null : InternetAddress.parseHeader(
                    m.getHeader(header, ","), false);
            if (list == null || list.length == 0) {
                return null;
            }
            return Arrays.stream(list).map(a -> a instanceof InternetAddress i ? i.toUnicodeString() : a.toString())
                    .map(Forwarding::oneLine).collect(Collectors.joining(", "));
        } catch (jakarta.mail.internet.AddressException e) {
            return oneLine(decoded(m.getHeader(header, ",")));
        }
    }

    private static String subject(MimeMessage m) throws MessagingException {
        String s = m.getSubject();
        return s == null ? null : oneLine(s);
    }

    private static String decoded(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException e) {
            return value;
        }
    }

    /** No control characters survive into a quoted header or a file name. */
    private static String oneLine(String s) {
        return s.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").strip();
    }

    /** Bodies and attachments found while walking the parts. */
    private static final class Bodies {
        String text;
        String html;
        final List<MimeComposer.Attachment> attachments = new ArrayList<>();
    }
}
