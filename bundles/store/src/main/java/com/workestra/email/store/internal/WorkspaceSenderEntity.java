package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Row of email_workspace_sender: sender identity and sealed Resend secrets of a workspace. */
@Entity
@Table(name = "email_workspace_sender")
public class WorkspaceSenderEntity {

    @Id
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "from_address")
    String fromAddress;
    @Column(name = "from_name")
    String fromName;
    @Column(name = "rate_limit_per_second")
    int rateLimitPerSecond;
    @Column(name = "api_key_sealed")
    String apiKeySealed;
    @Column(name = "webhook_secret_sealed")
    String webhookSecretSealed;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Column(name = "updated_by")
    String updatedBy;
    @Version
    @Column(name = "version")
    long version;
}
