package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_tracking_pixel: a tracked recipient of a sent message, keyed by the hash of its token. */
@Entity
@Table(name = "email_tracking_pixel")
public class TrackingPixelEntity {

    @Id
    @Column(name = "token_hash")
    String tokenHash;
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "message_id")
    String messageId;
    @Column(name = "recipient")
    String recipient;
    @Column(name = "sender_user_id")
    String senderUserId;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "last_counted_at")
    Instant lastCountedAt;
}
