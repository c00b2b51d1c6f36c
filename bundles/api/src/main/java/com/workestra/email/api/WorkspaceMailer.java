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
     */
    record Message(List<String> to, List<String> cc, List<String> bcc, String subject, String html, String text,
            Map<String, String> headers) {
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
