package com.workestra.email.api;

import java.time.Instant;

/**
 * A mailbox connection as Settings &gt; Integrations shows it (API.md "Connections").
 *
 * @param id opaque id
 * @param provider gmail or outlook
 * @param address mailbox address
 * @param displayName account name
 * @param kind personal or shared
 * @param delegatedBy the delegating connection of a shared mailbox, or null
 * @param intake support, recruiting or null
 * @param counts message counts
 * @param health the badge and its facts
 * @param backfill the current or last backfill, or null
 * @param connectedAt first connection
 * @param visibility what teammates see of its mail on module panels: everything, subject, metadata or private
 */
public record ConnectionView(String id, String provider, String address, String displayName, String kind,
        String delegatedBy, String intake, Counts counts, Health health, BackfillView backfill, Instant connectedAt,
        String visibility) {

    /** A connection with the default visibility ({@code subject}). */
    public ConnectionView(String id, String provider, String address, String displayName, String kind,
            String delegatedBy, String intake, Counts counts, Health health, BackfillView backfill,
            Instant connectedAt) {
        this(id, provider, address, displayName, kind, delegatedBy, intake, counts, health, backfill, connectedAt,
                "subject");
    }

    /**
     * Messages of the connection.
     *
     * @param messages all synced messages
     * @param unread unread ones
     * @param sent sent ones
     */
    public record Counts(long messages, long unread, long sent) {
    }

    /**
     * The health badge: error = last attempt failed; never_synced = no success yet; stale = last success older than
     * the threshold (25 h); else healthy.
     *
     * @param badge healthy, never_synced, stale or error
     * @param lastSuccessfulSyncAt last success
     * @param lastAttemptAt last attempt
     * @param message what happened and what to do, for a person
     * @param code error taxonomy code when the badge is error
     */
    public record Health(String badge, Instant lastSuccessfulSyncAt, Instant lastAttemptAt, String message,
            String code) {
    }

    /**
     * Backfill progress.
     *
     * @param id backfill id
     * @param range 30d, 90d, 12m or all
     * @param state running, paused, cancelled, completed or failed
     * @param processed messages imported
     * @param total expected total, when known
     * @param percent progress, when the total is known
     * @param etaSeconds estimated seconds left
     */
    public record BackfillView(String id, String range, String state, long processed, Long total, Integer percent,
            Long etaSeconds) {
    }
}
