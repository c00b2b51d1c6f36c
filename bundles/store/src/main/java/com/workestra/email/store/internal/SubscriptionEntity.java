package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_subscription; the client state sealed with the subscription id as additional data. */
@Entity
@Table(name = "email_subscription")
public class SubscriptionEntity {

    @Id
    @Column(name = "id")
    String id;
    @Column(name = "connection_id")
    String connectionId;
    @Column(name = "provider_subscription_id")
    String providerSubscriptionId;
    @Column(name = "client_state")
    String clientState;
    @Column(name = "expires_at")
    Instant expiresAt;
    @Column(name = "created_at")
    Instant createdAt;
}
