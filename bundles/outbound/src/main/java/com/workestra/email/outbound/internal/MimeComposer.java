package com.workestra.email.outbound.internal;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the RFC 5322 message of a send with Angus Mail: From, To, Cc, Subject (RFC 2047 when needed), Date, our
 * Message-ID, In-Reply-To and References, and the body as multipart/alternative (text + HTML) or text only. The
 * message never carries a Bcc header; {@link #submission} adds the envelope Bcc only for the provider's copy.
 */
final class MimeComposer {

    private static final Pattern MESSAGE_ID = Pattern.compile("[\\x21-\\x7e&&[^<>\\s]]+@[\\x21-\\x7e&&[^<>\\s]]+");

    /**
     * What to compose.
     *
     * @param from sender
     * @param to recipients
     * @param cc copy recipients
     * @param subject subject
     * @param html HTML body or null
     * @param text text body or null (derived from the HTML when null)
     * @param messageId Message-ID without brackets
     * @param inReplyTo the answered Message-ID without brackets, or null
     * @param references References without brackets, oldest first
     * @param date Date header
     * @param attachments files after the body (multipart/mixed), never null
     */
    record Composition(InternetAddress from, List<InternetAddress> to, List<InternetAddress> cc, String subject,
            String html, String text, String messageId, String inReplyTo, List<String> references, Instant date,
            List<Attachment> attachments) {

        Composition {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }

        Composition(InternetAddress from, List<InternetAddress> to, List<InternetAddress> cc, String subject,
                String html, String text, String messageId, String inReplyTo, List<String> references,
                Instant date) {
            this(from, to, cc, subject, html, text, messageId, inReplyTo, references, date, List.of());
        }
    }

    /**
     * A file sent with the message.
     *
     * @param fileName file name
     * @param contentType MIME type without parameters
     * @param content the bytes
     */
    record Attachment(String fileName, String contentType, byte[] content) {
    }

    private MimeComposer() {
    }

    /** The complete message (no Bcc header), CRLF line ends, 7-bit clean. */
    static byte[] compose(Composition c) {
        try {
            return MailLoader.call(() -> build(c));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("The message could not be composed.", e);
        }
    }

    /**
     * The copy handed to a mailbox provider: the message with a Bcc header naming the blind recipients, which is how
     * Gmail (raw send) and Graph (MIME sendMail) take the envelope; both remove it before delivery.
     */
    static byte[] submission(byte[] message, List<String> bcc) {
        if (bcc == null || bcc.isEmpty()) {
            return message;
        }
        String header = "Bcc: " + String.join(",\r\n ", bcc) + "\r\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + message.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(message, 0, out, h.length, message.length);
        return out;
    }

    /** Whether a stored id can be written as {@code <id>} in a header. */
    static boolean validMessageId(String id) {
        return id != null && id.length() <= 500 && MESSAGE_ID.matcher(id).matches();
    }

    private static byte[] build(Composition c) throws MessagingException, java.io.IOException {
        Properties props = new Properties();
        String domain = c.from().getAddress().substring(c.from().getAddress().indexOf('@') + 1);
        props.setProperty("mail.host", domain);
        Session session = Session.getInstance(props);
        MimeMessage m = new FixedIdMessage(session, c.messageId());
        m.setFrom(c.from());
        if (!c.to().isEmpty()) {
            m.setRecipients(MimeMessage.RecipientType.TO, c.to().toArray(InternetAddress[]::new));
        }
        if (!c.cc().isEmpty()) {
            m.setRecipients(MimeMessage.RecipientType.CC, c.cc().toArray(InternetAddress[]::new));
        }
        m.setSubject(c.subject() == null ? "" : c.subject(), "UTF-8");
        m.setSentDate(Date.from(c.date()));
        if (validMessageId(c.inReplyTo())) {
            m.setHeader("In-Reply-To", "<" + c.inReplyTo() + ">");
        }
        String refs = c.references().stream().filter(MimeComposer::validMessageId).map(r -> "<" + r + ">")
                .collect(Collectors.joining(" "));
        if (!refs.isEmpty()) {
            m.setHeader("References", MimeUtility.fold("References: ".length(), refs));
        }
        String text = c.text() != null ? c.text() : Html.toText(c.html());
        MimeMultipart alternative = null;
        if (c.html() != null) {
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(c.html(), "UTF-8", "html");
            alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(html);
        }
        if (c.attachments().isEmpty()) {
            if (alternative != null) {
                m.setContent(alternative);
            } else {
                m.setText(text, "UTF-8", "plain");
            }
        } else {
            MimeBodyPart body = new MimeBodyPart();
            if (alternative != null) {
                body.setContent(alternative);
            } else {
                body.setText(text, "UTF-8", "plain");
            }
            MimeMultipart mixed = new MimeMultipart("mixed");
            mixed.addBodyPart(body);
            for (Attachment a : c.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
                part.setFileName(MimeUtility.encodeText(a.fileName(), "UTF-8", null));
                part.setDisposition(Part.ATTACHMENT);
                // base64 always: the bytes come back unchanged whatever they are
                part.setHeader("Content-Transfer-Encoding", "base64");
                mixed.addBodyPart(part);
            }
            m.setContent(mixed);
        }
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out, new String[] {"Bcc"});
        return out.toByteArray();
    }

    /** A message whose Message-ID is ours (Jakarta Mail would generate one at saveChanges). */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + id + ">");
        }
    }
}
