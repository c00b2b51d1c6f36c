package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_outbound: one send of a user, from its request to its outcome. */
@Entity
@Table(name = "email_outbound")
public class OutboundEntity {

    @Id
    @Column(name = "id")
    String id;
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "user_id")
    String userId;
    @Column(name = "idempotency_key")
    String idempotencyKey;
    @Column(name = "request_hash")
    String requestHash;
    @Column(name = "from_type")
    String fromType;
    @Column(name = "connection_id")
    String connectionId;
    @Column(name = "status")
    String status;
    @Column(name = "internet_message_id")
    String internetMessageId;
    @Column(name = "provider_thread_id")
    String providerThreadId;
    @Column(name = "to_list")
    String toList;
    @Column(name = "cc_list")
    String ccList;
    @Column(name = "bcc_list")
    String bccList;
    @Column(name = "subject")
    String subject;
    @Lob
    @Column(name = "html_body")
    String htmlBody;
    @Lob
    @Column(name = "text_body")
    String textBody;
    @Column(name = "thread_headers")
    String threadHeaders;
    /** Records the sender linked the message to, one {@code module objectType objectId} per line (tab-separated). */
    @Column(name = "links")
    String links;
    @Lob
    @Column(name = "mime")
    String mime;
    @Column(name = "size_bytes")
    long sizeBytes;
    @Column(name = "send_at")
    Instant sendAt;
    @Column(name = "next_attempt_at")
    Instant nextAttemptAt;
    @Column(name = "attempts")
    int attempts;
    @Column(name = "lease_until")
    Instant leaseUntil;
    @Column(name = "last_error_code")
    String lastErrorCode;
    @Column(name = "last_error")
    String lastError;
    @Column(name = "provider_message_id")
    String providerMessageId;
    @Column(name = "local_message_id")
    String localMessageId;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Column(name = "sent_at")
    Instant sentAt;
}
