package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Karaf node running the plugin on this database. */
@Entity
@Table(name = "email_node")
public class NodeEntity {

    @Id
    @Column(name = "id", length = 100)
    private String id;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Column(name = "plugin_version", length = 50)
    private String pluginVersion;

    /** For JPA. */
    protected NodeEntity() {
    }

    NodeEntity(String id, Instant startedAt, String pluginVersion) {
        this.id = id;
        this.startedAt = startedAt;
        this.lastSeenAt = startedAt;
        this.pluginVersion = pluginVersion;
    }

    String id() {
        return id;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant lastSeenAt() {
        return lastSeenAt;
    }

    void restarted(Instant now, String version) {
        this.startedAt = now;
        this.lastSeenAt = now;
        this.pluginVersion = version;
    }
}
