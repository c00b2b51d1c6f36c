package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_workspace_domain: a Resend domain of a workspace. */
@Entity
@Table(name = "email_workspace_domain")
public class WorkspaceDomainEntity {

    @Id
    @Column(name = "id")
    String id;
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "name")
    String name;
    @Column(name = "status")
    String status;
    @Column(name = "region")
    String region;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
}
