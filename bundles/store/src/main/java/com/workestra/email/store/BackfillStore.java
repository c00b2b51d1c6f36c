package com.workestra.email.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Backfill jobs in the shared database; every method is one transaction. A slice of messages is stored together with
 * the position it reaches ({@link #commitSlice}), so a restart or kill -9 resumes exactly where the job stopped.
 */
public interface BackfillStore {

    /** Thrown when a job cannot make the asked transition (or a second one is started); REST answers 409. */
    final class Conflict extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** The current job, when there is one. */
        private final transient BackfillRecord current;

        /** Creates the exception. */
        public Conflict(String message, BackfillRecord current) {
            super(message);
            this.current = current;
        }

        /** The job as it is now, or null. */
        public BackfillRecord current() {
            return current;
        }
    }

    /**
     * One committed slice.
     *
     * @param messages full messages not stored yet (idempotent upserts)
     * @param listed how many messages the provider page listed (counted as processed)
     * @param nextFolderIndex the folder the next slice lists
     * @param nextPageToken the page token of the next slice, or null for the first page of {@code nextFolderIndex}
     * @param done whether this slice was the last one
     * @param total the provider's estimate of the whole listing, or null to keep the stored one
     */
    record Slice(Collection<MessageData> messages, int listed, int nextFolderIndex, String nextPageToken,
            boolean done, Long total) {
    }

    /**
     * Starts a backfill of a connection in state running.
     *
     * @throws Conflict when the connection has a running or paused backfill
     */
    BackfillRecord start(String connectionId, String range, Instant since, Long total, Instant now);

    /** Records a backfill that ran as part of the first sync (the default range on connect), completed. */
    BackfillRecord recordCompleted(String connectionId, String range, Instant since, long processed, Instant now);

    /** A job by id. */
    Optional<BackfillRecord> find(String id);

    /** The connection's latest job. */
    Optional<BackfillRecord> latest(String connectionId);

    /** The latest job of every connection that has one. */
    List<BackfillRecord> latestOfAll();

    /** Running jobs, the least recently advanced first. */
    List<BackfillRecord> running(int limit);

    /**
     * Moves the connection's latest job: {@code pause} (running to paused), {@code resume} (paused or failed to
     * running), {@code cancel} (running or paused to cancelled).
     *
     * @return the job after the transition, empty when the connection has no job
     * @throws Conflict when the latest job cannot make this transition
     * @throws IllegalArgumentException for an unknown action
     */
    Optional<BackfillRecord> transition(String connectionId, String action, Instant now);

    /**
     * In ONE transaction: checks that the job is still running at the expected position, stores the slice's messages
     * and moves the job to the slice's position (completed when {@code slice.done()}).
     *
     * @return the job after the slice, or empty when it was not running at that position any more (nothing stored)
     */
    Optional<BackfillRecord> commitSlice(String jobId, int folderIndex, String pageToken, Slice slice, Instant now);

    /** Records a failed slice: the error code and one more attempt; {@code fail} moves the job to failed. */
    BackfillRecord recordError(String jobId, String errorCode, boolean fail, Instant now);
}
