package com.workestra.email.sync.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.mime4j.stream.Field;

/** Accumulates what the token walk finds and builds the {@link ParsedMessage}. */
final class MessageAssembler {

    private final MimeLimits limits;
    private final ParseWarnings warnings;
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
    private Instant date;
    private final Map<String, String> headers = new LinkedHashMap<>();
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
        String value = HeaderValues.text(field);
        switch (name) {
            case "message-id" -> messageId = messageId != null ? messageId : first(HeaderValues.messageIds(value));
            case "in-reply-to" -> inReplyTo = inReplyTo != null ? inReplyTo : first(HeaderValues.messageIds(value));
            case "references" -> references = references != null ? references : HeaderValues.messageIds(value);
            case "subject" -> subject = subject != null ? subject : HeaderValues.decodeWords(value, warnings);
            case "from" -> {
                if (!fromSeen) {
                    fromSeen = true;
                    from = first(HeaderValues.addresses(value));
                }
            }
            case "to" -> to.addAll(HeaderValues.addresses(value));
            case "cc" -> cc.addAll(HeaderValues.addresses(value));
            case "bcc" -> bcc.addAll(HeaderValues.addresses(value));
            case "reply-to" -> replyTo.addAll(HeaderValues.addresses(value));
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

    /** A leaf entity: a body candidate is decoded into the bounded text or HTML body, anything else is counted. */
    void leaf(PartHeaders part, String mimeType, LeafBody content) throws IOException {
        boolean textual = "text/plain".equals(mimeType) || "text/html".equals(mimeType);
        if (textual && !part.attachmentDisposition() && part.filename() == null) {
            Body body = "text/html".equals(mimeType) ? html : text;
            if (body.started && part.inAlternative()) {
                return; // another representation of what we already have
            }
            body.append(content.decoded(), BodyText.resolve(part.charset(), warnings));
            return;
        }
        long size = 0;
        try {
            size = DecodedSize.of(content, warnings);
        } finally {
            attachments.add(new AttachmentInfo(part.leafId(), part.filename(), mimeType, size, part.contentId(),
                    part.inline()));
        }
    }

    ParsedMessage build(long sizeBytes, boolean truncated) {
        String textBody = text.value();
        String htmlBody = html.value();
        return new ParsedMessage(messageId, inReplyTo, references == null ? List.of() : references, subject, from,
                to, cc, bcc, replyTo, date, headers, textBody, text.truncated, htmlBody, html.truncated,
                Snippets.of(textBody, htmlBody), attachments, sizeBytes, truncated, warnings.list());
    }

    private static <T> T first(List<T> list) {
        return list.isEmpty() ? null : list.get(0);
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

        void append(InputStream content, Charset charset) throws IOException {
            if (started && chars.length() < max) {
                chars.append('\n');
            }
            started = true;
            int budget = max - chars.length();
            if (budget <= 0) {
                truncated |= content.read() >= 0;
                return;
            }
            BodyText.Result result = BodyText.read(content, charset, budget);
            chars.append(result.text());
            truncated |= result.truncated();
        }

        String value() {
            return started ? chars.toString() : null;
        }
    }
}
