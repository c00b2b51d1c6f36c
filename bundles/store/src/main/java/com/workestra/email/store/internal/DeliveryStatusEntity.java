package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_delivery_status: the delivery state of one email sent through Resend, within its workspace. */
@Entity
@Table(name = "email_delivery_status")
public class DeliveryStatusEntity {

    @Id
    @Column(name = "status_key")
    String key;
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "provider_email_id")
    String providerEmailId;
    @Column(name = "last_event")
    String lastEvent;
    @Column(name = "delivered_at")
    Instant deliveredAt;
    @Column(name = "bounced_at")
    Instant bouncedAt;
    @Column(name = "bounce_type")
    String bounceType;
    @Column(name = "bounce_message")
    String bounceMessage;
    @Column(name = "complained_at")
    Instant complainedAt;
    @Column(name = "updated_at")
    Instant updatedAt;
}
