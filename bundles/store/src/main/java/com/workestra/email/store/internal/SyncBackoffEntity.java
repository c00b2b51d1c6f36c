package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_sync_backoff: a mailbox whose next sync round waits (provider rate limit or transient failures). */
@Entity
@Table(name = "email_sync_backoff")
public class SyncBackoffEntity {

    @Id
    @Column(name = "connection_id")
    String connectionId;
    @Column(name = "not_before")
    Instant notBefore;
    @Column(name = "failures")
    int failures;
    @Column(name = "reason")
    String reason;
    @Column(name = "updated_at")
    Instant updatedAt;
}
