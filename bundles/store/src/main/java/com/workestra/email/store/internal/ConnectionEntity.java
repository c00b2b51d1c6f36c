package com.workestra.email.store.internal;

import com.workestra.email.store.ConnectionRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Row of email_connection. */
@Entity
@Table(name = "email_connection")
public class ConnectionEntity {

    @Id
    @Column(name = "id")
    String id;
    @Column(name = "workspace_id")
    String workspaceId;
    @Column(name = "user_id")
    String userId;
    @Column(name = "provider")
    String provider;
    @Column(name = "account_id")
    String accountId;
    @Column(name = "address")
    String address;
    @Column(name = "display_name")
    String displayName;
    @Column(name = "kind")
    String kind;
    @Column(name = "delegated_by")
    String delegatedBy;
    @Column(name = "intake_module")
    String intakeModule;
    @Column(name = "status")
    String status;
    @Column(name = "connected_at")
    Instant connectedAt;
    @Column(name = "disconnected_at")
    Instant disconnectedAt;
    @Column(name = "last_success_at")
    Instant lastSuccessAt;
    @Column(name = "last_attempt_at")
    Instant lastAttemptAt;
    @Column(name = "last_error_code")
    String lastErrorCode;
    @Column(name = "last_error_message")
    String lastErrorMessage;
    @Version
    @Column(name = "version")
    long version;

    /** What teammates see of its mail (everything, subject, metadata, private); LinkStore decides by it. */
    @Column(name = "visibility")
    String visibility;

    ConnectionRecord toRecord() {
        return new ConnectionRecord(id, workspaceId, userId, provider, accountId, address, displayName, kind,
                delegatedBy, intakeModule, status, connectedAt, disconnectedAt, lastSuccessAt, lastAttemptAt,
                lastErrorCode, lastErrorMessage, visibility == null ? "subject" : visibility);
    }
}
