package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_workspace_rate: the current one-second send window of a workspace. */
@Entity
@Table(name = "email_workspace_rate")
public class WorkspaceRateEntity {

    @Id
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "window_start_ms")
    long windowStartMs;
    @Column(name = "used")
    int used;
    @Column(name = "blocked_until")
    Instant blockedUntil;
}
