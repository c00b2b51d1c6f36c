package com.workestra.email.api;

import java.time.Instant;
import java.util.List;

/**
 * Sending mail on behalf of a user, from one of the connected mailboxes they may send from or from the workspace
 * address (POST /messages). Host modules and the module panels call it in-process. Exactly once: the same
 * idempotency key for the same caller returns the first result instead of sending again.
 */
public interface MessageSending {

    /**
     * Validates, builds the MIME message and queues (or schedules) it.
     *
     * @param caller the signed-in user
     * @param request what to send
     * @param idempotencyKey the client's key (Idempotency-Key header), or null
     * @return the send's id and status
     * @throws ApiException 400/422 naming the field for bad input, 404 for a reply or forward target or From the caller
     *     may not see
     */
    SendResult send(Caller caller, SendRequest request, String idempotencyKey);

    /**
     * Cancels a scheduled send of the caller.
     *
     * @throws ApiException 404 when unknown or not the caller's, 409 once it was sent
     */
    SendResult cancelScheduled(Caller caller, String id);

    /**
     * Body of POST /messages.
     *
     * @param from the sender choice
     * @param to recipients (RFC 5322 addresses, optionally with display names)
     * @param cc copy recipients
     * @param bcc blind copy recipients (never in a header)
     * @param subject subject line
     * @param html HTML body, or null
     * @param text text body, or null
     * @param replyToMessageId the message this replies to (threads with In-Reply-To/References), or null
     * @param forwardMessageId the message this forwards (quoted below the body, its attachments included; mutually
     *     exclusive with {@code replyToMessageId}), or null
     * @param signatureId signature to append, or null for the caller's default
     * @param trackOpens add an open-tracking pixel
     * @param sendAt schedule for later, or null for now
     * @param links host records the sent message is linked to
     */
    record SendRequest(From from, List<String> to, List<String> cc, List<String> bcc, String subject, String html,
            String text, String replyToMessageId, String forwardMessageId, String signatureId, Boolean trackOpens,
            Instant sendAt, List<LinkRef> links) {

        /** A request without a forward (the shape before {@code forwardMessageId} existed). */
        public SendRequest(From from, List<String> to, List<String> cc, List<String> bcc, String subject, String html,
                String text, String replyToMessageId, String signatureId, Boolean trackOpens, Instant sendAt,
                List<LinkRef> links) {
            this(from, to, cc, bcc, subject, html, text, replyToMessageId, null, signatureId, trackOpens, sendAt,
                    links);
        }
    }

    /**
     * Sender choice.
     *
     * @param type {@code connection} or {@code workspace}
     * @param connectionId the connection when type is connection
     */
    record From(String type, String connectionId) {
    }

    /**
     * A host record a message is linked to.
     *
     * @param module crm, support or recruiting
     * @param objectType contact, deal, ticket or candidate
     * @param objectId the host's id
     */
    record LinkRef(String module, String objectType, String objectId) {
    }

    /**
     * Result of a send.
     *
     * @param id the message id (also the id of the sent copy shown in threads)
     * @param status queued, scheduled, sent, failed or delivery_unknown
     */
    record SendResult(String id, String status) {
    }
}
