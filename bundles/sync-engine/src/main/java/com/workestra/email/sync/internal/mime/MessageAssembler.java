package com.workestra.email.sync.internal.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.james.mime4j.stream.Field;

/**
 * Accumulates what the token walk finds and builds the {@link ParsedMessage}. The message's own header fields are
 * kept as raw bytes and decoded at the end: raw 8-bit bytes that are not UTF-8 (RFC 6532) are decoded by the charset
 * the message declares for its text, else by detection, never replaced.
 */
final class MessageAssembler {

    /** Media types of signature parts (S/MIME and OpenPGP): flagged as signatures, not shown as files. */
    private static final Set<String> SIGNATURES = Set.of("application/pkcs7-signature",
            "application/x-pkcs7-signature", "application/pgp-signature");
    private static final Set<String> ADDRESS_FIELDS = Set.of("from", "to", "cc", "bcc", "reply-to");

    private final MimeLimits limits;
    private final ParseWarnings warnings;
    /** Header fields of the message in order: lower-case name and raw body bytes. */
    private final List<Map.Entry<String, byte[]>> fields = new ArrayList<>();
    private String declaredCharset;
    private final Body text;
    private final Body html;
    private final List<AttachmentInfo> attachments = new ArrayList<>();

    MessageAssembler(MimeLimits limits, ParseWarnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
        this.text = new Body(limits.maxBodyChars());
        this.html = new Body(limits.maxBodyChars());
    }

    void messageHeader(Field field) {
        String name = field.getName().toLowerCase(Locale.ROOT);
        byte[] bytes = HeaderValues.bodyBytes(field);
        if (bytes == null) {
            bytes = (field.getBody() == null ? "" : field.getBody()).getBytes(StandardCharsets.UTF_8);
        }
        fields.add(Map.entry(name, bytes));
    }

    /** A leaf entity: a body candidate is decoded into the bounded text or HTML body, anything else is counted. */
    void leaf(PartHeaders part, String mimeType, LeafBody content) throws IOException {
        boolean textual = "text/plain".equals(mimeType) || "text/html".equals(mimeType);
        if (declaredCharset == null && part.charset() != null && mimeType.startsWith("text/")) {
            declaredCharset = part.charset();
        }
        if (textual && !part.attachmentDisposition() && part.filename() == null) {
            Body body = "text/html".equals(mimeType) ? html : text;
            if (body.started && part.inAlternative()) {
                return; // another representation of what we already have
            }
            body.append(content.decoded(), part.charset(), warnings);
            return;
        }
        String filename = part.filename();
        String kind = AttachmentInfo.FILE;
        long size = 0;
        try {
            if ("message/rfc822".equals(mimeType) || "message/global".equals(mimeType)) {
                kind = AttachmentInfo.MESSAGE;
                EmbeddedMessage embedded = EmbeddedMessage.read(content.decoded(), limits);
                size = embedded.size();
                if (filename == null) {
                    filename = embedded.filename(warnings);
                }
            } else {
                size = DecodedSize.of(content, warnings);
                if (SIGNATURES.contains(mimeType)) {
                    kind = AttachmentInfo.SIGNATURE;
                } else if ("application/ms-tnef".equals(mimeType) || "application/vnd.ms-tnef".equals(mimeType)) {
                    kind = AttachmentInfo.TNEF;
                    filename = filename == null ? "winmail.dat" : filename;
                }
            }
        } finally {
            attachments.add(new AttachmentInfo(part.leafId(), filename, mimeType, size, part.contentId(),
                    part.inline(), kind));
        }
    }

    ParsedMessage build(long sizeBytes, boolean truncated) {
        Headers h = decodeHeaders();
        String htmlBody = html.value();
        Uuencoded.Split uu = Uuencoded.split(text.value());
        String textBody = uu.text();
        List<AttachmentInfo> all = new ArrayList<>(attachments.size() + uu.files().size());
        for (AttachmentInfo a : attachments) {
            all.add(shown(a, htmlBody));
        }
        all.addAll(uu.files());
        return new ParsedMessage(h.messageId, h.inReplyTo, h.references == null ? List.of() : h.references,
                h.subject, h.from, h.to, h.cc, h.bcc, h.replyTo, h.date, h.headers, textBody, text.truncated,
                htmlBody, html.truncated, Snippets.of(textBody, htmlBody), all, sizeBytes, truncated, warnings.list());
    }

    /** Inline only if the HTML shows it by its Content-ID; an inline part with a file name is otherwise a file. */
    private static AttachmentInfo shown(AttachmentInfo a, String htmlBody) {
        if (!AttachmentInfo.FILE.equals(a.kind()) || !a.inline()) {
            return a.inline() ? new AttachmentInfo(a.partId(), a.filename(), a.contentType(), a.sizeBytes(),
                    a.contentId(), false, a.kind()) : a;
        }
        boolean referenced = a.contentId() != null && htmlBody != null
                && htmlBody.toLowerCase(Locale.ROOT).contains("cid:" + a.contentId().toLowerCase(Locale.ROOT));
        if (referenced) {
            return new AttachmentInfo(a.partId(), a.filename(), a.contentType(), a.sizeBytes(), a.contentId(), true,
                    AttachmentInfo.INLINE);
        }
        return new AttachmentInfo(a.partId(), a.filename(), a.contentType(), a.sizeBytes(), a.contentId(), false,
                AttachmentInfo.FILE);
    }

    /** Decodes the kept header fields with the legacy charset of this message (declared, else detected). */
    private Headers decodeHeaders() {
        Charset legacy = legacyCharset();
        Headers h = new Headers();
        for (Map.Entry<String, byte[]> field : fields) {
            String name = field.getKey();
            String value = HeaderValues.text(field.getValue(), legacy);
            h.accept(name, value, warnings);
        }
        return h;
    }

    /**
     * The charset for raw 8-bit header bytes that are not UTF-8: the charset the message declares for its text,
     * else the one ICU detects in those bytes. Reported as a warning, since such headers break RFC 5322.
     */
    private Charset legacyCharset() {
        ByteArrayOutputStream eightBit = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> field : fields) {
            byte[] bytes = field.getValue();
            if (HeaderValues.eightBit(bytes) && MailCharsets.strict(bytes, 0, bytes.length,
                    StandardCharsets.UTF_8) == null
                    && (ADDRESS_FIELDS.contains(field.getKey()) || "subject".equals(field.getKey())
                    || field.getKey().startsWith("list-") || ParsedMessage.HEADERS_OF_INTEREST.stream()
                            .anyMatch(n -> n.equalsIgnoreCase(field.getKey())))) {
                eightBit.writeBytes(bytes);
                eightBit.write(' ');
            }
        }
        if (eightBit.size() == 0) {
            return MailCharsets.WINDOWS_1252;
        }
        Charset declared = MailCharsets.lookup(declaredCharset);
        byte[] bytes = eightBit.toByteArray();
        if (declared != null && !StandardCharsets.UTF_8.equals(declared) && !StandardCharsets.US_ASCII.equals(declared)
                && MailCharsets.strict(bytes, 0, bytes.length, declared) != null) {
            warnings.add("raw 8-bit header bytes decoded as " + MailCharsets.label(declared)
                    + " (the charset the message declares)");
            return declared;
        }
        Charset detected = MailCharsets.detect(bytes, bytes.length, declaredCharset);
        warnings.add("raw 8-bit header bytes decoded as " + MailCharsets.label(detected) + " (detected)");
        return detected;
    }

    private static <T> T first(List<T> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    /** The envelope fields as they are decoded, first occurrence wins where the RFC allows one. */
    private static final class Headers {
        private String messageId;
        private String inReplyTo;
        private List<String> references;
        private String subject;
        private EmailAddress from;
        private boolean fromSeen;
        private final List<EmailAddress> to = new ArrayList<>();
        private final List<EmailAddress> cc = new ArrayList<>();
        private final List<EmailAddress> bcc = new ArrayList<>();
        private final List<EmailAddress> replyTo = new ArrayList<>();
        private boolean dateSeen;
        private OffsetDateTime date;
        private final Map<String, String> headers = new LinkedHashMap<>();

        void accept(String name, String value, ParseWarnings warnings) {
            switch (name) {
                case "message-id" -> messageId = messageId != null ? messageId
                        : first(HeaderValues.messageIds(value));
                case "in-reply-to" -> inReplyTo = inReplyTo != null ? inReplyTo
                        : first(HeaderValues.messageIds(value));
                case "references" -> references = references != null ? references
                        : HeaderValues.messageIds(value);
                case "subject" -> subject = subject != null ? subject : HeaderValues.decodeWords(value, warnings);
                case "from" -> {
                    if (!fromSeen) {
                        fromSeen = true;
                        from = first(HeaderValues.addresses(value, warnings));
                    }
                }
                case "to" -> to.addAll(HeaderValues.addresses(value, warnings));
                case "cc" -> cc.addAll(HeaderValues.addresses(value, warnings));
                case "bcc" -> bcc.addAll(HeaderValues.addresses(value, warnings));
                case "reply-to" -> replyTo.addAll(HeaderValues.addresses(value, warnings));
                case "date" -> {
                    if (!dateSeen) {
                        dateSeen = true;
                        date = HeaderValues.date(value);
                        if (date == null) {
                            warnings.add("unparseable Date header '" + BodyText.cut(value, 80) + "'");
                        }
                    }
                }
                case "content-type" -> {
                    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
                    if (v.startsWith(ParsedMessage.REPORT_TYPE)) {
                        headers.putIfAbsent("Content-Type", ParsedMessage.REPORT_TYPE);
                    }
                }
                default -> {
                    for (String interesting : ParsedMessage.HEADERS_OF_INTEREST) {
                        if (interesting.equalsIgnoreCase(name)) {
                            headers.putIfAbsent(interesting, HeaderValues.decodeWords(value, warnings));
                        }
                    }
                }
            }
        }
    }

    /** One bounded body; later parts are appended after a newline while the limit allows. */
    private static final class Body {
        private final int max;
        private final StringBuilder chars = new StringBuilder();
        private boolean started;
        private boolean truncated;

        Body(int max) {
            this.max = max;
        }

        void append(InputStream content, String declaredCharset, ParseWarnings warnings) throws IOException {
            if (started && chars.length() < max) {
                chars.append('\n');
            }
            started = true;
            int budget = max - chars.length();
            if (budget <= 0) {
                truncated |= content.read() >= 0;
                return;
            }
            BodyText.Result result = BodyText.read(content, declaredCharset, budget, warnings);
            chars.append(result.text());
            truncated |= result.truncated();
        }

        String value() {
            return started ? chars.toString() : null;
        }
    }
}
