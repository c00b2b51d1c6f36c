package com.workestra.email.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Synced messages of connections. Writes are idempotent on (connection, provider id) and the sync cursor advances in
 * the SAME transaction as the rows it covers, so a crash never skips or duplicates mail.
 */
public interface MessageStore {

    /**
     * Outcome of {@link #apply}.
     *
     * @param inserted new messages
     * @param updated messages whose content or state changed
     * @param deleted messages marked deleted
     */
    record ApplyResult(int inserted, int updated, int deleted) {
    }

    /**
     * Counts of a connection's live messages.
     *
     * @param messages all
     * @param unread unread ones
     * @param sent those in the sent folder
     */
    record Counts(long messages, long unread, long sent) {
    }

    /** Which of these provider ids the connection already has (deleted ones excluded). */
    Set<String> known(String connectionId, Collection<String> providerIds);

    /**
     * In one transaction: upserts full messages, applies state changes to known messages, marks deletions, and stores
     * the new cursor when it is not null.
     */
    ApplyResult apply(String connectionId, Collection<MessageData> messages, Collection<MessageState> states,
            Collection<String> deletedProviderIds, String newCursor);

    /**
     * Ends a re-list after the provider expired the cursor: in one transaction, every live message received at or
     * after {@code since} that the re-list did not see is marked deleted, and the new cursor is stored.
     *
     * @param seenProviderIds every provider id the re-list returned for the window
     * @return how many messages were marked deleted
     */
    int reconcile(String connectionId, Instant since, Collection<String> seenProviderIds, String newCursor);

    /** The stored sync cursor of a connection. */
    Optional<String> cursor(String connectionId);

    /** Forgets the cursor (after the provider expired it) without touching messages. */
    void resetCursor(String connectionId);

    /** Live message counts. */
    Counts counts(String connectionId);
}
