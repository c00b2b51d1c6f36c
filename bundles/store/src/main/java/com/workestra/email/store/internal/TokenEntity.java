package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Row of email_connection_token: tokens sealed by the vault, the connection id as additional data. */
@Entity
@Table(name = "email_connection_token")
public class TokenEntity {

    @Id
    @Column(name = "connection_id")
    String connectionId;
    @Column(name = "access_token")
    String accessToken;
    @Column(name = "refresh_token")
    String refreshToken;
    @Column(name = "access_expires_at")
    Instant accessExpiresAt;
    @Column(name = "scopes")
    String scopes;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Version
    @Column(name = "version")
    long version;
}
