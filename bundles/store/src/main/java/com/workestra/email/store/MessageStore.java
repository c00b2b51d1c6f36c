package com.workestra.email.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
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

    /**
     * A stored message's addresses, for the address repair walk.
     *
     * @param messageId message id (the walk's keyset position)
     * @param providerId provider id, to fetch the raw MIME again
     * @param addresses every stored address row (from, to, cc, bcc) with its name
     */
    record StoredAddresses(String messageId, String providerId, List<MessageData.Address> addresses) {
    }

    /**
     * A mailbox whose address repair walk is not finished.
     *
     * @param connectionId the connection
     * @param afterId the walk's position (the last message id checked), null at the start
     */
    record PendingRepair(String connectionId, String afterId) {
    }

    /** Connections whose stored address rows still wait for the repair walk (email_reparse), at most {@code limit}. */
    List<PendingRepair> pendingRepairs(int limit);

    /** The live messages of a connection after {@code afterId} (null: from the start) in id order, with addresses. */
    List<StoredAddresses> repairPage(String connectionId, String afterId, int limit);

    /**
     * Records the repair walk's progress in one transaction: the new position and counts; the messages whose
     * addresses changed re-enter the linker's walk (their links to host records are computed again); a finished walk
     * is never resumed.
     */
    void repairProgress(String connectionId, String afterId, int checked, int repaired, boolean finished,
            Collection<String> relinkMessageIds);

    /**
     * A message the sync failed on (fetch refused by the provider, parse or store failure).
     *
     * @param connectionId the mailbox
     * @param providerId the provider's id of the message
     * @param attempts failed attempts so far
     * @param reason the last failure, without secrets
     * @param lastFailedAt when it last failed
     * @param setAside whether later rounds skip it
     */
    record MessageFailure(String connectionId, String providerId, int attempts, String reason, Instant lastFailedAt,
            boolean setAside) {
    }

    /**
     * Records a failed attempt on a message; from the {@code setAsideAfter}th attempt on the message is set aside.
     *
     * @return the attempts so far, this one included
     */
    default int recordFailure(String connectionId, String providerId, String reason, Instant at, int setAsideAfter) {
        throw new UnsupportedOperationException("this store does not track message failures");
    }

    /** Which of these provider ids are set aside for the connection. */
    default Set<String> setAside(String connectionId, Collection<String> providerIds) {
        return Set.of();
    }

    /** Failed and set-aside messages, most recent failure first, for operators. */
    default List<MessageFailure> failures(int limit) {
        return List.of();
    }

    /** Which of these provider ids the connection already has (deleted ones excluded). */
    Set<String> known(String connectionId, Collection<String> providerIds);

    /**
     * In one transaction: upserts full messages, applies state changes to known messages, marks deletions, and stores
     * the new cursor when it is not null. Only what the provider can give again belongs here: on PostgreSQL the
     * commit does not wait for the disk flush, so a database crash may undo the latest calls, rows and cursor
     * together, and the next sync fetches them again.
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

    /**
     * Stores the local copy of a message just sent from the connection (in the sent folder), under the given id and a
     * local placeholder provider id until the provider's copy is known; nothing happens when the id exists.
     * When the sync later brings a message with the same internet message id into this connection, {@link #apply}
     * adopts this row (its provider id is replaced) instead of inserting a duplicate.
     *
     * @param messageId the id of the copy (the send's id)
     * @param data the message as sent; its provider id is ignored
     */
    void addSentCopy(String connectionId, String messageId, MessageData data);

    /**
     * {@link #addSentCopy(String, String, MessageData)} with the records the sender linked the message to, stored in
     * the same transaction (link source {@code explicit}).
     */
    void addSentCopy(String connectionId, String messageId, MessageData data, String workspaceId,
            Collection<LinkStore.Target> links);

    /**
     * Gives the local sent copy the provider's id once the provider told it (Gmail answers the send with it); when
     * the synced provider copy is already stored, the local copy is flagged deleted instead.
     */
    void adoptSentCopy(String connectionId, String messageId, String providerId);

    /** Flags the local sent copy deleted (the send failed for good); a copy the provider already confirmed stays. */
    void discardSentCopy(String connectionId, String messageId);

    /** What a reply or forward needs of the message it answers, by message id (deleted ones included). */
    Optional<ReplyTarget> replyTarget(String messageId);

    /**
     * The message a reply or forward refers to.
     *
     * @param id message id
     * @param connectionId its connection
     * @param providerThreadId Gmail threadId / Graph conversationId
     * @param internetMessageId Message-ID without brackets
     * @param references its References ids without brackets
     * @param subject subject
     * @param fromAddress sender address
     * @param providerId the provider's id of the message (a local sent copy's placeholder until the provider's copy
     *     is known), for fetching its content; null when not known
     */
    record ReplyTarget(String id, String connectionId, String providerThreadId, String internetMessageId,
            List<String> references, String subject, String fromAddress, String providerId) {

        /** A target without the provider id. */
        public ReplyTarget(String id, String connectionId, String providerThreadId, String internetMessageId,
                List<String> references, String subject, String fromAddress) {
            this(id, connectionId, providerThreadId, internetMessageId, references, subject, fromAddress, null);
        }

        /** Whether the provider's copy is known (not a local sent copy waiting for its provider id). */
        public boolean atProvider() {
            return providerId != null && !providerId.startsWith("local:");
        }
    }
}
