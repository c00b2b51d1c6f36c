package com.workestra.email.sync.internal.mime;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A raw RFC 5322 message normalized for storage: envelope headers, bounded bodies, attachment metadata.
 *
 * @param messageId      Message-ID without angle brackets, or null
 * @param inReplyTo      first In-Reply-To id without angle brackets, or null
 * @param references     References ids in order, without angle brackets
 * @param subject        RFC 2047 decoded subject, or null
 * @param from           first From mailbox, or null
 * @param to             To mailboxes (groups flattened)
 * @param cc             Cc mailboxes
 * @param bcc            Bcc mailboxes
 * @param replyTo        Reply-To mailboxes
 * @param sentAt         the Date header with the sender's own offset, or null when missing or unparseable
 * @param headers        headers of interest ({@link #HEADERS_OF_INTEREST}), first occurrence, unfolded and decoded
 * @param textBody       text/plain body, at most {@link MimeLimits#maxBodyChars()} characters, or null
 * @param textTruncated  true if the text body was cut at the limit
 * @param htmlBody       text/html body, same limit, or null
 * @param htmlTruncated  true if the HTML body was cut at the limit
 * @param snippet        about 200 characters of text (or of tag-stripped HTML), never null
 * @param attachments    attached, inline and embedded-message parts in document order
 * @param sizeBytes      raw bytes read from the source
 * @param truncated      true if parsing stopped early (a limit or a fatal syntax error); see warnings
 * @param warnings       human-readable parse warnings, empty for a clean message
 */
public record ParsedMessage(String messageId, String inReplyTo, List<String> references, String subject,
        EmailAddress from, List<EmailAddress> to, List<EmailAddress> cc, List<EmailAddress> bcc,
        List<EmailAddress> replyTo, OffsetDateTime sentAt, Map<String, String> headers, String textBody,
        boolean textTruncated, String htmlBody, boolean htmlTruncated, String snippet,
        List<AttachmentInfo> attachments, long sizeBytes, boolean truncated, List<String> warnings) {

    /** Header names kept in {@link #headers()}, in their canonical spelling. */
    public static final List<String> HEADERS_OF_INTEREST = List.of("List-Id", "Auto-Submitted", "Precedence",
            "X-Auto-Response-Suppress", "Return-Path", "Content-Language", "List-Unsubscribe", "X-Autoreply",
            "X-Autorespond");

    /**
     * Kept in {@link #headers()} under {@code Content-Type} only when the message is a delivery or disposition report
     * ({@code multipart/report}, RFC 6522), so bounces can be told apart without storing every content type.
     */
    public static final String REPORT_TYPE = "multipart/report";

    public ParsedMessage {
        references = List.copyOf(references);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        replyTo = List.copyOf(replyTo);
        headers = Map.copyOf(headers);
        attachments = List.copyOf(attachments);
        warnings = List.copyOf(warnings);
    }
}
