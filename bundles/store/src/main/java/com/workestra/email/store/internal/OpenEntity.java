package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_open: one counted open of a tracking pixel. */
@Entity
@Table(name = "email_open")
public class OpenEntity {

    @Id
    @Column(name = "id")
    String id;
    @Column(name = "token_hash")
    String tokenHash;
    @Column(name = "message_id")
    String messageId;
    @Column(name = "opened_at")
    Instant openedAt;
}
