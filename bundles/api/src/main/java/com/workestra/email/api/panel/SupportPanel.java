package com.workestra.email.api.panel;

import com.workestra.email.api.Caller;
import com.workestra.email.api.MessageSending;
import java.time.Instant;
import java.util.List;

/**
 * The Support module's email panel: a ticket's threads and replies from the intake mailbox. Only threads of
 * mailboxes the caller may read are ever returned or replied to.
 */
public interface SupportPanel {

    /**
     * Threads linked to a ticket.
     *
     * @param caller the signed-in user
     * @param ticketId the host's ticket id
     * @param cursor the previous page's {@code nextCursor}, or null
     * @param limit page size (1..200)
     * @return newest first
     */
    ThreadPage ticketThreads(Caller caller, String ticketId, String cursor, int limit);

    /**
     * Replies to the ticket's conversation from the intake mailbox that received it, threaded with
     * In-Reply-To/References (through {@link MessageSending} with {@code replyToMessageId}), linked to the ticket.
     *
     * @param caller the signed-in user
     * @param ticketId the host's ticket id
     * @param reply what to send
     * @param idempotencyKey the client's Idempotency-Key, or null
     * @return the send's id and status
     * @throws com.workestra.email.api.ApiException 404 when the ticket is unknown or has no thread the caller may
     *         read, 400 naming the field for bad input, 503 when sending is not available
     */
    MessageSending.SendResult reply(Caller caller, String ticketId, TicketReply reply, String idempotencyKey);

    /**
     * Body of POST /support/tickets/{id}/reply: the POST /messages body without {@code to} (the customer).
     *
     * @param from optional; when given it must be the intake connection of the ticket
     * @param cc copy recipients
     * @param bcc blind copy recipients
     * @param subject subject, or null for "Re: " + the thread's subject
     * @param html HTML body, or null
     * @param text text body, or null
     * @param replyToMessageId the message answered, or null for the newest inbound message of the ticket
     * @param signatureId signature, or null for the default
     * @param trackOpens add an open-tracking pixel
     * @param sendAt schedule for later, or null
     * @param links further records to link the reply to (the ticket is always linked)
     */
    record TicketReply(MessageSending.From from, List<String> cc, List<String> bcc, String subject, String html,
            String text, String replyToMessageId, String signatureId, Boolean trackOpens, Instant sendAt,
            List<MessageSending.LinkRef> links) {
    }
}
