package com.workestra.email.store.internal;

import com.workestra.email.store.BackfillRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Row of email_backfill: one backfill job of a connection and its position. */
@Entity
@Table(name = "email_backfill")
public class BackfillEntity {

    @Id
    @Column(name = "id")
    String id;
    @Column(name = "connection_id")
    String connectionId;
    @Column(name = "range_code")
    String range;
    @Column(name = "since_at")
    Instant since;
    @Column(name = "state")
    String state;
    @Column(name = "processed")
    long processed;
    @Column(name = "total")
    Long total;
    @Column(name = "folder_pos")
    int folderIndex;
    @Column(name = "page_token")
    String pageToken;
    @Column(name = "started_at")
    Instant startedAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Column(name = "finished_at")
    Instant finishedAt;
    @Column(name = "last_error")
    String lastError;
    @Column(name = "attempts")
    int attempts;
    @Version
    @Column(name = "version")
    long version;

    BackfillRecord record() {
        return new BackfillRecord(id, connectionId, range, since, state, processed, total, folderIndex, pageToken,
                startedAt, updatedAt, finishedAt, lastError, attempts);
    }
}
