package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_push_hint: a webhook said the mailbox changed. */
@Entity
@Table(name = "email_push_hint")
public class PushHintEntity {

    @Id
    @Column(name = "id")
    String id;
    @Column(name = "connection_id")
    String connectionId;
    @Column(name = "kind")
    String kind;
    @Column(name = "resource")
    String resource;
    @Column(name = "received_at")
    Instant receivedAt;
    @Column(name = "processed_at")
    Instant processedAt;
}
