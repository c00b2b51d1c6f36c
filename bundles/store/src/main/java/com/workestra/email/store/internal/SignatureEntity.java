package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of email_signature: one signature of a user. */
@Entity
@Table(name = "email_signature")
public class SignatureEntity {

    @Id
    @Column(name = "id")
    String id;
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "user_id")
    String userId;
    @Column(name = "name")
    String name;
    @Lob
    @Column(name = "html")
    String html;
    @Column(name = "default_new")
    boolean defaultNew;
    @Column(name = "default_replies")
    boolean defaultReplies;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
}
