package com.workestra.email.store;

import java.time.Instant;

/**
 * A backfill job of a connection as stored.
 *
 * @param id job id
 * @param connectionId the connection
 * @param range 30d, 90d, 12m or all
 * @param since the oldest receive time the job lists (fixed when it starts), or null for all mail
 * @param state running, paused, cancelled, completed or failed
 * @param processed messages listed and stored so far (already known ones included)
 * @param total the provider's estimate of the whole listing, or null when unknown
 * @param folderIndex index of the folder being listed (providers with one listing per folder)
 * @param pageToken the provider page token of the next slice, or null for the folder's first page
 * @param startedAt when the job was started
 * @param updatedAt last change (slice, transition or error)
 * @param finishedAt when it completed, was cancelled or failed
 * @param lastError the last error code, or null
 * @param attempts consecutive failed slice attempts
 */
public record BackfillRecord(String id, String connectionId, String range, Instant since, String state,
        long processed, Long total, int folderIndex, String pageToken, Instant startedAt, Instant updatedAt,
        Instant finishedAt, String lastError, int attempts) {

    /** State of a job that is working. */
    public static final String RUNNING = "running";
    /** State of a job paused by a user. */
    public static final String PAUSED = "paused";
    /** State of a job cancelled by a user. */
    public static final String CANCELLED = "cancelled";
    /** State of a job that listed everything. */
    public static final String COMPLETED = "completed";
    /** State of a job stopped by a permanent error. */
    public static final String FAILED = "failed";

    /** Whether the job still has work (running or paused). */
    public boolean open() {
        return RUNNING.equals(state) || PAUSED.equals(state);
    }
}
