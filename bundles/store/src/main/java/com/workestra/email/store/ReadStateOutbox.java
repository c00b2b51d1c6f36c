package com.workestra.email.store;

import java.time.Instant;
import java.util.List;

/**
 * Read-state changes waiting to be pushed to the provider. A row is claimed for a while (so one node pushes it),
 * pushed, then marked done, retried later, or given up. A row is dropped as superseded when the local state no longer
 * is the one it asks for: a newer local change, or a provider change that arrived by sync meanwhile, wins.
 */
public interface ReadStateOutbox {

    /**
     * A claimed change.
     *
     * @param id outbox row id
     * @param messageId local message
     * @param connectionId the message's connection
     * @param providerId the provider's message id
     * @param read the state to push
     * @param attempts attempts made before this one
     */
    record PendingRead(String id, String messageId, String connectionId, String providerId, boolean read,
            int attempts) {
    }

    /**
     * Claims up to {@code max} due rows until {@code leaseUntil}; rows whose message no longer shows the wanted state
     * are marked superseded instead of returned.
     */
    List<PendingRead> claimDue(Instant now, Instant leaseUntil, int max);

    /** The change reached the provider. */
    void done(String id, Instant now);

    /** Tries again at {@code next}. */
    void retry(String id, Instant next, String errorCode, Instant now);

    /** Stops trying (permanent failure or too many attempts). */
    void giveUp(String id, String errorCode, Instant now);
}
