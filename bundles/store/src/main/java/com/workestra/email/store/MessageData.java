package com.workestra.email.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A synced message, parsed and normalized, as the sync engine hands it to the store.
 *
 * @param providerId the provider's immutable id (unique per connection)
 * @param providerThreadId Gmail threadId / Graph conversationId
 * @param folders where it is (inbox, sent, other labels), lower-case
 * @param read read state
 * @param receivedAt when it arrived (provider date, else the Date header)
 * @param internetMessageId Message-ID without angle brackets
 * @param inReplyTo In-Reply-To without angle brackets
 * @param references References ids without angle brackets
 * @param subject decoded subject
 * @param from sender
 * @param to recipients
 * @param cc copy recipients
 * @param bcc blind copy recipients (only known for sent mail)
 * @param snippet a short preview
 * @param textBody plain text body (bounded)
 * @param htmlBody raw HTML body (bounded; sanitized when displayed, never here)
 * @param sizeBytes raw size
 * @param attachments attachment metadata
 * @param headers headers of interest (List-Id, Auto-Submitted, Precedence...)
 * @param warnings parse warnings
 * @param sentAt the message's own Date header with the sender's offset, or null when missing or unparseable
 */
public record MessageData(String providerId, String providerThreadId, Set<String> folders, boolean read,
        Instant receivedAt, String internetMessageId, String inReplyTo, List<String> references, String subject,
        Address from, List<Address> to, List<Address> cc, List<Address> bcc, String snippet, String textBody,
        String htmlBody, long sizeBytes, List<Attachment> attachments, Map<String, String> headers,
        List<String> warnings, OffsetDateTime sentAt) {

    /** A message whose Date header is unknown. */
    public MessageData(String providerId, String providerThreadId, Set<String> folders, boolean read,
            Instant receivedAt, String internetMessageId, String inReplyTo, List<String> references, String subject,
            Address from, List<Address> to, List<Address> cc, List<Address> bcc, String snippet, String textBody,
            String htmlBody, long sizeBytes, List<Attachment> attachments, Map<String, String> headers,
            List<String> warnings) {
        this(providerId, providerThreadId, folders, read, receivedAt, internetMessageId, inReplyTo, references,
                subject, from, to, cc, bcc, snippet, textBody, htmlBody, sizeBytes, attachments, headers, warnings,
                null);
    }

    /**
     * An address with its display name.
     *
     * @param address lower-cased address
     * @param name display name or null
     */
    public record Address(String address, String name) {
    }

    /**
     * Attachment metadata (content is never stored).
     *
     * @param partId MIME part id
     * @param filename decoded file name or null
     * @param contentType media type
     * @param sizeBytes decoded size
     * @param contentId Content-ID without brackets, or null
     * @param inline whether shown inline
     * @param kind file, inline, signature (a signature part, not shown as a file), message (an attached message)
     *     or tnef (Outlook's winmail.dat)
     */
    public record Attachment(String partId, String filename, String contentType, long sizeBytes, String contentId,
            boolean inline, String kind) {

        /** An attachment of the kind its inline flag implies. */
        public Attachment(String partId, String filename, String contentType, long sizeBytes, String contentId,
                boolean inline) {
            this(partId, filename, contentType, sizeBytes, contentId, inline, inline ? "inline" : "file");
        }
    }
}
