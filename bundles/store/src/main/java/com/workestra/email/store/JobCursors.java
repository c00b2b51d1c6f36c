package com.workestra.email.store;

import java.time.Instant;
import java.util.Optional;

/** Where periodic jobs that work in pages stopped (shared by the nodes); every method is one transaction. */
public interface JobCursors {

    /**
     * A job's cursor.
     *
     * @param position the last key done in the current pass, empty at the start of a pass, null when no pass runs
     * @param passStartedAt when the current or last pass started, or null before the first
     */
    record Cursor(String position, Instant passStartedAt) {
    }

    /** The job's cursor, empty before its first pass. */
    Optional<Cursor> get(String job);

    /** Stores the job's cursor. */
    void save(String job, Cursor cursor, Instant now);
}
