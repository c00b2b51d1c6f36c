package com.workestra.email.support.internal;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.api.MessageSending;
import com.workestra.email.api.MessageSending.LinkRef;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.MessageSending.SendResult;
import com.workestra.email.api.panel.PanelThreadService;
import com.workestra.email.api.panel.SupportPanel;
import com.workestra.email.api.panel.ThreadPage;
import com.workestra.email.spi.HostPerson;
import com.workestra.email.spi.SupportDesk;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.LinkStore.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@link SupportPanel}: a ticket's threads, and replies from the support intake mailbox that holds the ticket's
 * conversation, threaded on the answered message through {@link MessageSending} (optional: 503 while absent).
 */
@Component(service = SupportPanel.class)
public class DefaultSupportPanel implements SupportPanel {

    /** Seconds a client waits before retrying while sending is unavailable. */
    static final int RETRY_AFTER_SECONDS = 30;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MessageSending sending;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SupportDesk desk;

    private final LinkStore store;
    private final PanelThreadService threads;

    /** Reads the links. */
    @Activate
    public DefaultSupportPanel(@Reference LinkStore store, @Reference PanelThreadService threads) {
        this.store = store;
        this.threads = threads;
    }

    @Override
    public ThreadPage ticketThreads(Caller caller, String ticketId, String cursor, int limit) {
        return threads.page(caller, "support", "ticket", ticketId, cursor, limit);
    }

    @Override
    public SendResult reply(Caller caller, String ticketId, TicketReply reply, String idempotencyKey) {
        if (reply == null) {
            throw ApiException.badRequest("body", "Send the reply as JSON.");
        }
        if (ticketId == null || ticketId.isBlank() || ticketId.length() > 100) {
            throw ApiException.notFound("The ticket");
        }
        LinkStore.Target ticket = new LinkStore.Target("support", "ticket", ticketId);
        List<StoredMessage> linked = store.linkedMessages(caller.workspaceId(), caller.userId(), ticket, 200)
                .stream().filter(m -> "support".equals(m.intakeModule())).toList();
        if (linked.isEmpty()) {
            // no conversation of this ticket in an intake mailbox the caller may read
            throw ApiException.notFound("The ticket");
        }
        StoredMessage answered = answered(linked, reply.replyToMessageId());
        if (reply.from() != null && !("connection".equals(reply.from().type())
                && answered.connectionId().equals(reply.from().connectionId()))) {
            throw new ApiException(422, "unprocessable", "Replies to a ticket go from its intake mailbox.",
                    Map.of("field", "from"));
        }
        MessageSending s = sending;
        if (s == null) {
            throw new ApiException(503, "sending_unavailable", "Sending is not available right now; try again.",
                    Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
        }
        List<LinkRef> links = new ArrayList<>(reply.links() == null ? List.of() : reply.links());
        LinkRef own = new LinkRef("support", "ticket", ticketId);
        if (!links.contains(own)) {
            links.add(own);
        }
        return s.send(caller, new SendRequest(new MessageSending.From("connection", answered.connectionId()),
                List.of(customer(caller, ticketId, answered)), orEmpty(reply.cc()), orEmpty(reply.bcc()),
                subject(reply.subject(), answered.subject()), reply.html(), reply.text(), answered.id(),
                reply.signatureId(), reply.trackOpens(), reply.sendAt(), links), idempotencyKey);
    }

    /** The message answered: the one asked for, else the newest inbound message of the ticket. */
    private static StoredMessage answered(List<StoredMessage> linked, String replyToMessageId) {
        if (replyToMessageId != null && !replyToMessageId.isBlank()) {
            return linked.stream().filter(m -> m.id().equals(replyToMessageId)).findFirst()
                    .orElseThrow(() -> new ApiException(404, "not_found", "The message was not found.",
                            Map.of("field", "replyToMessageId")));
        }
        return linked.stream().filter(m -> !m.inSent()).findFirst().orElse(linked.get(0));
    }

    /** The customer: the sender of an inbound message, else the ticket's requester, else the first recipient. */
    private String customer(Caller caller, String ticketId, StoredMessage answered) {
        if (!answered.inSent() && answered.fromAddress() != null) {
            return answered.fromAddress();
        }
        SupportDesk d = desk;
        Optional<HostPerson> t = d == null ? Optional.empty() : d.ticket(caller.workspaceId(), ticketId);
        if (t.isPresent() && !t.get().emails().isEmpty()) {
            return t.get().emails().get(0);
        }
        if (!answered.recipients().isEmpty()) {
            return answered.recipients().get(0);
        }
        throw new ApiException(422, "unprocessable", "The ticket's customer address is unknown.",
                Map.of("field", "to"));
    }

    private static String subject(String asked, String original) {
        if (asked != null && !asked.isBlank()) {
            return asked;
        }
        String s = original == null ? "" : original.strip();
        return s.toLowerCase(Locale.ROOT).startsWith("re:") ? s : "Re: " + s;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
