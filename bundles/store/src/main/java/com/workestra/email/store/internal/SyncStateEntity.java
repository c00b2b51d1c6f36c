package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Row of email_sync_state: the provider sync cursor of a connection (null after it was reset). */
@Entity
@Table(name = "email_sync_state")
public class SyncStateEntity {

    @Id
    @Column(name = "connection_id")
    String connectionId;
    @Column(name = "sync_cursor")
    String cursor;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Version
    @Column(name = "version")
    long version;
}
