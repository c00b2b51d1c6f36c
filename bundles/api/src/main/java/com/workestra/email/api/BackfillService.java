package com.workestra.email.api;

/**
 * Backfills of a user's mailboxes (API.md "Connections"): preview, start, pause, resume, cancel and progress. Every
 * method refuses connections of other users with a 404 {@link ApiException}, a bad range with a 400 naming
 * {@code range}, and an impossible transition with a 409.
 */
public interface BackfillService {

    /** The ranges a backfill can cover. */
    java.util.List<String> RANGES = java.util.List.of("30d", "90d", "12m", "all");

    /**
     * What a backfill of a range would take.
     *
     * @param estimatedMessages the provider's estimate of the messages in the range
     * @param estimatedSeconds the time the provider's published quota allows for them
     */
    record Preview(long estimatedMessages, long estimatedSeconds) {
    }

    /** Estimates a backfill of the range from the provider's counts and quota. */
    Preview preview(Caller caller, String connectionId, String range);

    /** Starts a backfill of the range; 409 while one is running or paused. */
    ConnectionView.BackfillView start(Caller caller, String connectionId, String range);

    /** {@code pause}, {@code resume} or {@code cancel} the connection's backfill; 409 when it cannot. */
    ConnectionView.BackfillView transition(Caller caller, String connectionId, String action);

    /** The connection's current or last backfill; 404 when it never had one. */
    ConnectionView.BackfillView current(Caller caller, String connectionId);
}
