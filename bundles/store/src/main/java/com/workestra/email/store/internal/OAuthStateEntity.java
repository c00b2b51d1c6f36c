package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_oauth_state: keyed by the SHA-256 of the state value, the PKCE verifier sealed. */
@Entity
@Table(name = "email_oauth_state")
public class OAuthStateEntity {

    @Id
    @Column(name = "state_hash")
    String stateHash;
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "user_id")
    String userId;
    @Column(name = "provider")
    String provider;
    @Column(name = "code_verifier")
    String codeVerifier;
    @Column(name = "redirect_after")
    String redirectAfter;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "expires_at")
    Instant expiresAt;
}
