package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_delivery_event: one Resend webhook event, keyed by its scope (workspace) and Svix id. */
@Entity
@Table(name = "email_delivery_event")
public class DeliveryEventEntity {

    @Id
    @Column(name = "event_key")
    String key;
    @Column(name = "svix_id")
    String svixId;
    @Column(name = "provider_email_id")
    String providerEmailId;
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "event_type")
    String type;
    @Column(name = "occurred_at")
    Instant occurredAt;
    @Column(name = "detail")
    String detail;
    @Column(name = "received_at")
    Instant receivedAt;
}
