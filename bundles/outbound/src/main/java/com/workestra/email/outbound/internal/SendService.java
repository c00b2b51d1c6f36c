package com.workestra.email.outbound.internal;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.MessageSending.SendResult;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.OutboundStore;
import com.workestra.email.store.OutboundStore.Content;
import com.workestra.email.store.OutboundStore.Send;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * POST /messages and DELETE /messages/{id}/schedule: exactly once per idempotency key (same key and same request →
 * the first result; same key and another request → 422), validated and composed before anything is stored, queued
 * (or scheduled) in the database for the {@link Outbox} job, with the sent copy shown in the mailbox at once.
 */
final class SendService {

    private static final int MAX_KEY = 200;
    private static final int SNIPPET = 200;

    private final OutboundStore outbound;
    private final MessageStore messages;
    private final ConnectionStore connections;
    private final SendPreparation preparation;
    private final Clock clock;

    SendService(OutboundStore outbound, MessageStore messages, ConnectionStore connections, Providers providers,
            SendSettings settings, Clock clock) {
        this.outbound = outbound;
        this.messages = messages;
        this.connections = connections;
        this.preparation = new SendPreparation(connections, messages, outbound, providers, settings);
        this.clock = clock;
    }

    SendResult send(Caller caller, SendRequest request, String idempotencyKey) {
        if (request == null) {
            throw Fields.bad("body", "A message to send is needed.");
        }
        String key = key(idempotencyKey);
        String hash = RequestHash.of(request);
        if (key != null) {
            Optional<Send> earlier = outbound.byIdempotencyKey(caller.workspaceId(), caller.userId(), key);
            if (earlier.isPresent()) {
                return replay(earlier.get(), hash);
            }
        }
        Instant now = clock.instant();
        SendPreparation.Prepared p = preparation.prepare(caller, request, now);
        String status = p.sendAt() != null ? OutboundStore.SCHEDULED : OutboundStore.QUEUED;
        Content content = new Content(addresses(p.to()), addresses(p.cc()), addresses(p.bcc()), p.subject(),
                p.html(), p.text(), p.threadHeaders(), p.mime(), p.size(), request.links() == null ? List.of()
                        : request.links().stream().map(l -> new LinkStore.Target(l.module(), l.objectType(),
                                l.objectId())).toList());
        OutboundStore.Created created = outbound.create(new OutboundStore.NewSend(p.id(), caller.workspaceId(),
                caller.userId(), key, hash, p.fromType(), p.connection() == null ? null : p.connection().id(), status,
                p.messageId(), p.providerThreadId(), content, p.sendAt(), now));
        if (created.existing()) {
            return replay(created.send(), hash);
        }
        outbound.rememberSender(caller.workspaceId(), caller.userId(), new OutboundStore.SenderChoice(p.fromType(),
                p.connection() == null ? null : p.connection().id()), now);
        if (p.connection() != null && p.sendAt() == null) {
            addSentCopy(created.send(), now);
        }
        return new SendResult(p.id(), status);
    }

    SendResult cancelScheduled(Caller caller, String id) {
        Send send = owned(caller, id);
        if (OutboundStore.CANCELLED.equals(send.status())) {
            return new SendResult(id, send.status());
        }
        if (!OutboundStore.SCHEDULED.equals(send.status())) {
            throw ApiException.conflict("not_scheduled", "This message is no longer scheduled (it is "
                    + send.status() + ").");
        }
        Send after = outbound.cancel(id, clock.instant()).orElseThrow(() -> ApiException.notFound("The message"));
        if (!OutboundStore.CANCELLED.equals(after.status())) {
            throw ApiException.conflict("not_scheduled", "This message is no longer scheduled (it is "
                    + after.status() + ").");
        }
        return new SendResult(id, after.status());
    }

    /** The send of the caller, or 404. */
    Send owned(Caller caller, String id) {
        return (id == null ? Optional.<Send>empty() : outbound.find(id))
                .filter(s -> s.workspaceId().equals(caller.workspaceId()) && s.userId().equals(caller.userId()))
                .orElseThrow(() -> ApiException.notFound("The message"));
    }

    /** Stores the local sent copy of a connection send (also called by the job for scheduled sends). */
    void addSentCopy(Send s, Instant at) {
        Content c = s.content();
        Map<String, String> h = c.threadHeaders();
        String inReplyTo = strip(h.get("In-Reply-To"));
        List<String> refs = h.get("References") == null ? List.of()
                : List.of(h.get("References").split(" ")).stream().map(SendService::strip).toList();
        String text = c.text() != null ? c.text() : Html.toText(c.html());
        MessageData copy = new MessageData(null, s.providerThreadId(), Set.of("sent"), true, at,
                s.internetMessageId(), inReplyTo, refs, c.subject(), from(s.connectionId()), list(c.to()), list(c.cc()),
                list(c.bcc()), text.length() <= SNIPPET ? text : text.substring(0, SNIPPET), text, c.html(),
                c.sizeBytes(), List.of(), Map.of(), List.of());
        // the records the sender chose are linked with the copy, in its transaction
        messages.addSentCopy(s.connectionId(), s.id(), copy, s.workspaceId(), c.links());
        outbound.setLocalMessage(s.id(), s.id());
    }

    private MessageData.Address from(String connectionId) {
        return connections.find(connectionId).map(c -> new MessageData.Address(
                c.address().toLowerCase(Locale.ROOT), c.displayName())).orElse(null);
    }

    private static List<MessageData.Address> list(List<String> addresses) {
        return addresses.stream().map(SendService::parsed).map(a -> new MessageData.Address(
                a.getAddress().toLowerCase(Locale.ROOT), a.getPersonal())).toList();
    }

    /** A stored recipient (validated strictly when the send was accepted). */
    static InternetAddress parsed(String stored) {
        try {
            return new InternetAddress(stored, false);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalStateException("A stored recipient is no longer readable.", e);
        }
    }

    private static String strip(String id) {
        if (id == null) {
            return null;
        }
        String t = id.trim();
        return t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1) : t;
    }

    private static SendResult replay(Send earlier, String hash) {
        if (!earlier.requestHash().equals(hash)) {
            throw new ApiException(422, "idempotency_key_reused", "This Idempotency-Key was already used for a"
                    + " different message; use a new key for a new message.", Map.of("field", "Idempotency-Key"));
        }
        return new SendResult(earlier.id(), publicStatus(earlier.status()));
    }

    /** The status as API.md names it (a send being submitted is still queued for the client). */
    static String publicStatus(String status) {
        return OutboundStore.SENDING.equals(status) ? OutboundStore.QUEUED : status;
    }

    private static String key(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        String k = key.strip();
        if (k.length() > MAX_KEY || !k.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw Fields.bad("Idempotency-Key", "The Idempotency-Key must be at most " + MAX_KEY
                    + " visible ASCII characters.");
        }
        return k;
    }

    private static List<String> addresses(List<InternetAddress> list) {
        return list.stream().map(InternetAddress::toUnicodeString).toList();
    }
}
