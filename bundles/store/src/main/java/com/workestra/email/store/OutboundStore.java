package com.workestra.email.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing mail: the queue of sends (with the caller's idempotency key and the hash of the request it came with),
 * signatures per user and the From each user chose last. Every method is one transaction.
 */
public interface OutboundStore {

    /** Status of a send waiting for the job. */
    String QUEUED = "queued";
    /** Status of a send waiting for its time. */
    String SCHEDULED = "scheduled";
    /** Status while a node submits it to the provider (leased). */
    String SENDING = "sending";
    /** Status once the provider accepted it. */
    String SENT = "sent";
    /** Status when the provider refused it for good. */
    String FAILED = "failed";
    /** Status when the provider's answer was ambiguous: reconciled against Sent Items, never retried blindly. */
    String DELIVERY_UNKNOWN = "delivery_unknown";
    /** Status of a scheduled send the user cancelled. */
    String CANCELLED = "cancelled";

    /**
     * Stores a new send unless the caller already used the idempotency key.
     *
     * @return the created send, or the send stored earlier under the same (workspace, user, key)
     */
    Created create(NewSend send);

    /** The send the caller stored earlier under an idempotency key. */
    Optional<Send> byIdempotencyKey(String workspaceId, String userId, String key);

    /** A send by id. */
    Optional<Send> find(String id);

    /**
     * Claims up to {@code limit} sends that are due ({@code queued} or {@code scheduled} with next attempt at or
     * before {@code now}) by moving them to {@code sending} with a lease until {@code leaseUntil}; a send is claimed by
     * exactly one caller even when several nodes claim at once.
     */
    List<Send> claimDue(Instant now, Instant leaseUntil, int limit);

    /**
     * Sends left in {@code sending} after their lease expired (the node died during the provider call): their outcome
     * is unknown, so they become {@code delivery_unknown}.
     *
     * @return how many
     */
    int expireLeases(Instant now);

    /** Records that the provider accepted the send. */
    void markSent(String id, String providerMessageId, Instant at);

    /** Records a final outcome other than sent ({@code failed} or {@code delivery_unknown}). */
    void markOutcome(String id, String status, String errorCode, String error, Instant at);

    /** Puts a claimed send back in the queue for another attempt at {@code nextAttemptAt}. */
    void retryLater(String id, Instant nextAttemptAt, String errorCode, String error, Instant at);

    /** Links the send to its local sent copy in email_message. */
    void setLocalMessage(String id, String localMessageId);

    /**
     * Cancels a scheduled send.
     *
     * @return the send afterwards, empty when unknown; a send no longer scheduled is returned unchanged
     */
    Optional<Send> cancel(String id, Instant at);

    /** Sends in {@code delivery_unknown} created at or after {@code since} (newest first), for reconciliation. */
    List<Send> unknown(Instant since, int limit);

    /**
     * Whether the connection's synced mail holds the provider's own copy of a message (same internet message id,
     * a provider id that is not a local placeholder).
     */
    boolean providerCopyExists(String connectionId, String internetMessageId);

    /** The user's signatures, oldest first. */
    List<Signature> signatures(String workspaceId, String userId);

    /** One signature of the user. */
    Optional<Signature> signature(String workspaceId, String userId, String id);

    /**
     * Creates ({@code id} null) or replaces one of the user's signatures; a default flag set here is cleared on the
     * user's other signatures.
     *
     * @return the stored signature, empty when {@code id} is not one of the user's
     */
    Optional<Signature> saveSignature(String workspaceId, String userId, String id, SignatureData data, Instant at);

    /** Deletes one of the user's signatures; false when not found. */
    boolean deleteSignature(String workspaceId, String userId, String id);

    /** The From the user chose last. */
    Optional<SenderChoice> lastSender(String workspaceId, String userId);

    /** Remembers the From the user chose. */
    void rememberSender(String workspaceId, String userId, SenderChoice choice, Instant at);

    /**
     * A send to store.
     *
     * @param id the send's id (also the id of its local sent copy)
     * @param workspaceId caller's workspace
     * @param userId caller
     * @param idempotencyKey the caller's key or null
     * @param requestHash SHA-256 (hex) of the request, to tell a replay from a different request with the same key
     * @param fromType connection or workspace
     * @param connectionId the connection sent from, or null
     * @param status queued or scheduled
     * @param internetMessageId the Message-ID (without brackets)
     * @param providerThreadId the provider thread to send into, or null
     * @param content what is sent
     * @param sendAt when a scheduled send is due, else null
     * @param createdAt now
     */
    record NewSend(String id, String workspaceId, String userId, String idempotencyKey, String requestHash,
            String fromType, String connectionId, String status, String internetMessageId, String providerThreadId,
            Content content, Instant sendAt, Instant createdAt) {
    }

    /**
     * The content of a send.
     *
     * @param to recipients
     * @param cc copy recipients
     * @param bcc blind copy recipients (envelope only)
     * @param subject subject
     * @param html HTML body or null
     * @param text text body or null
     * @param threadHeaders Message-ID, In-Reply-To and References as header name to value
     * @param mime the complete RFC 5322 message for connection sends (without Bcc), else null
     * @param sizeBytes size of the message
     * @param links host records the sender linked the message to ({@code links} of POST /messages)
     */
    record Content(List<String> to, List<String> cc, List<String> bcc, String subject, String html, String text,
            java.util.Map<String, String> threadHeaders, byte[] mime, long sizeBytes, List<LinkStore.Target> links) {

        /** Content linked to no record explicitly. */
        public Content(List<String> to, List<String> cc, List<String> bcc, String subject, String html, String text,
                java.util.Map<String, String> threadHeaders, byte[] mime, long sizeBytes) {
            this(to, cc, bcc, subject, html, text, threadHeaders, mime, sizeBytes, List.of());
        }

        /** Copies the links. */
        public Content {
            links = links == null ? List.of() : List.copyOf(links);
        }
    }

    /**
     * A stored send.
     *
     * @param id id
     * @param workspaceId workspace
     * @param userId owner
     * @param idempotencyKey key or null
     * @param requestHash request hash
     * @param fromType connection or workspace
     * @param connectionId connection or null
     * @param status see the constants
     * @param internetMessageId Message-ID without brackets
     * @param providerThreadId provider thread or null
     * @param content content
     * @param sendAt scheduled time or null
     * @param attempts provider attempts so far
     * @param lastErrorCode taxonomy code of the last failure
     * @param lastError sentence for a person
     * @param providerMessageId the provider's id of the sent message, when told
     * @param localMessageId the local sent copy in email_message, or null
     * @param createdAt creation
     * @param sentAt when the provider accepted it
     */
    record Send(String id, String workspaceId, String userId, String idempotencyKey, String requestHash,
            String fromType, String connectionId, String status, String internetMessageId, String providerThreadId,
            Content content, Instant sendAt, int attempts, String lastErrorCode, String lastError,
            String providerMessageId, String localMessageId, Instant createdAt, Instant sentAt) {
    }

    /**
     * Result of {@link #create}.
     *
     * @param send the stored send
     * @param existing whether it was stored earlier under the same idempotency key
     */
    record Created(Send send, boolean existing) {
    }

    /**
     * A signature's content.
     *
     * @param name label
     * @param html sanitized HTML
     * @param defaultForNew appended to new messages by default
     * @param defaultForReplies appended to replies and forwards by default
     */
    record SignatureData(String name, String html, boolean defaultForNew, boolean defaultForReplies) {
    }

    /**
     * A stored signature.
     *
     * @param id id
     * @param data content
     * @param updatedAt last change
     */
    record Signature(String id, SignatureData data, Instant updatedAt) {
    }

    /**
     * A From choice.
     *
     * @param type connection or workspace
     * @param connectionId the connection, when type is connection
     */
    record SenderChoice(String type, String connectionId) {
    }
}
