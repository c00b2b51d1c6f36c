package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** Row of email_message: one synced message of a connection, kept (flagged) when the provider deletes it. */
@Entity
@Table(name = "email_message")
public class MessageEntity {

    @Id
    @Column(name = "id")
    String id;
    @Column(name = "connection_id")
    String connectionId;
    @Column(name = "provider_id")
    String providerId;
    @Column(name = "provider_thread_id")
    String providerThreadId;
    /** Local thread (assigned once at ingest by {@link Threading}; never part of the provider-derived content). */
    @Column(name = "thread_id")
    String threadId;
    @Column(name = "internet_message_id")
    String internetMessageId;
    @Column(name = "in_reply_to")
    String inReplyTo;
    @Column(name = "references_ids")
    String referencesIds;
    @Column(name = "subject")
    String subject;
    @Column(name = "from_address")
    String fromAddress;
    @Column(name = "from_name")
    String fromName;
    @Column(name = "received_at")
    Instant receivedAt;
    @Column(name = "folders")
    String folders;
    @Column(name = "is_read")
    boolean read;
    @Column(name = "in_sent")
    boolean inSent;
    @Column(name = "snippet")
    String snippet;
    @Lob
    @Column(name = "text_body")
    String textBody;
    @Lob
    @Column(name = "html_body")
    String htmlBody;
    @Column(name = "size_bytes")
    long sizeBytes;
    @Column(name = "has_attachments")
    boolean hasAttachments;
    @Column(name = "headers")
    String headers;
    @Column(name = "parse_warnings")
    String parseWarnings;
    @Column(name = "sent_at")
    Instant sentAt;
    /** Offset of the sender's Date header in seconds (the instant is stored in UTC). */
    @Column(name = "sent_offset")
    Integer sentOffset;
    @Column(name = "deleted")
    boolean deleted;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;

    /** Whether the provider-derived columns (content and state, not identity, deletion or timestamps) are equal. */
    boolean sameContent(MessageEntity o) {
        return read == o.read && inSent == o.inSent && sizeBytes == o.sizeBytes && hasAttachments == o.hasAttachments
                && Objects.equals(providerThreadId, o.providerThreadId)
                && Objects.equals(internetMessageId, o.internetMessageId)
                && Objects.equals(inReplyTo, o.inReplyTo) && Objects.equals(referencesIds, o.referencesIds)
                && Objects.equals(subject, o.subject) && Objects.equals(fromAddress, o.fromAddress)
                && Objects.equals(fromName, o.fromName) && Objects.equals(receivedAt, o.receivedAt)
                && Objects.equals(folders, o.folders) && Objects.equals(snippet, o.snippet)
                && Objects.equals(textBody, o.textBody) && Objects.equals(htmlBody, o.htmlBody)
                && Objects.equals(headers, o.headers) && Objects.equals(parseWarnings, o.parseWarnings)
                && Objects.equals(sentAt, o.sentAt) && Objects.equals(sentOffset, o.sentOffset);
    }

    /** Copies the provider-derived columns of {@code o} (see {@link #sameContent}). */
    void copyContent(MessageEntity o) {
        providerThreadId = o.providerThreadId;
        internetMessageId = o.internetMessageId;
        inReplyTo = o.inReplyTo;
        referencesIds = o.referencesIds;
        subject = o.subject;
        fromAddress = o.fromAddress;
        fromName = o.fromName;
        receivedAt = o.receivedAt;
        folders = o.folders;
        read = o.read;
        inSent = o.inSent;
        snippet = o.snippet;
        textBody = o.textBody;
        htmlBody = o.htmlBody;
        sizeBytes = o.sizeBytes;
        hasAttachments = o.hasAttachments;
        headers = o.headers;
        parseWarnings = o.parseWarnings;
        sentAt = o.sentAt;
        sentOffset = o.sentOffset;
    }
}
