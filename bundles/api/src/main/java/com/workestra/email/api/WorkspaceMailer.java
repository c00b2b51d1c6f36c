package com.workestra.email.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace's own address (workspace email), sent through the workspace's transactional mail provider (Resend).
 * The API key stays inside the implementation, encrypted at rest.
 */
public interface WorkspaceMailer {

    /** The workspace's sender identity, when workspace email is configured. */
    Optional<Sender> sender(String workspaceId);

    /**
     * Sends one composed message; never retried blindly by the implementation.
     *
     * @param workspaceId whose sender and rate limit apply
     * @param message what to send (the From is the workspace sender)
     * @param idempotencyKey passed to the provider so a retry of the same send is not delivered twice
     * @return the provider's answer
     */
    Outcome send(String workspaceId, Message message, String idempotencyKey);

    /**
     * Settles a send whose outcome was {@code delivery_unknown} by submitting the identical request again with the same
     * idempotency key, which the provider answers with the first request's result instead of sending twice (Resend
     * keeps keys for 24 hours: call it only well inside that window). Never sends without the key.
     *
     * @param workspaceId whose sender applies
     * @param message exactly the message of the first attempt
     * @param idempotencyKey the key of the first attempt (required)
     * @return {@code sent} with the provider's id when the provider has the email; {@code failed} when its answer
     *     proves it never took it; {@code delivery_unknown} (also {@code rate_limited}) when that is still not known
     */
    default Outcome reconcile(String workspaceId, Message message, String idempotencyKey) {
        return new Outcome("delivery_unknown", null, "This workspace mailer cannot confirm deliveries.", null);
    }

    /**
     * A workspace sender identity.
     *
     * @param address the From address
     * @param displayName the From name
     */
    record Sender(String address, String displayName) {
    }

    /**
     * A composed message.
     *
     * @param to recipients
     * @param cc copy recipients
     * @param bcc blind copy recipients
     * @param subject subject
     * @param html HTML body or null
     * @param text text body or null
     * @param headers extra headers (Message-ID, In-Reply-To, References)
     * @param attachments files sent with the message (forwarded attachments), never null
     */
    record Message(List<String> to, List<String> cc, List<String> bcc, String subject, String html, String text,
            Map<String, String> headers, List<Attachment> attachments) {

        /** Normalizes a null attachment list to an empty one. */
        public Message {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }

        /** A message without attachments. */
        public Message(List<String> to, List<String> cc, List<String> bcc, String subject, String html, String text,
                Map<String, String> headers) {
            this(to, cc, bcc, subject, html, text, headers, List.of());
        }
    }

    /**
     * A file sent with a message.
     *
     * @param fileName the file name shown to recipients
     * @param contentType its MIME type
     * @param content its bytes
     */
    record Attachment(String fileName, String contentType, byte[] content) {
    }

    /**
     * Result of a send.
     *
     * @param status sent, failed, rate_limited or delivery_unknown
     * @param providerId the provider's id of the email, when sent
     * @param error a sentence for a person when not sent
     * @param retryAfterSeconds when rate limited, how long to wait
     */
    record Outcome(String status, String providerId, String error, Long retryAfterSeconds) {
    }
}
