package com.workestra.email.outbound.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.api.MessageSending.LinkRef;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.OpenTracking;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.MessageStore.ReplyTarget;
import com.workestra.email.store.OutboundStore;
import com.workestra.email.store.OutboundStore.Signature;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Turns a request into a send ready to store, or refuses it naming the field: the From the caller may use, strict
 * recipients, no CR/LF in any header value, the answered message (threading), the signature, open-tracking pixels,
 * the MIME message and the provider's size limit. Nothing is stored or sent here.
 */
final class SendPreparation {

    static final String CONNECTION = "connection";
    static final String WORKSPACE = "workspace";

    private static final int MAX_SUBJECT = 900;
    private static final long MAX_BODY_CHARS = 50L * 1024 * 1024;
    private static final Set<String> MODULES = Set.of("crm", "support", "recruiting");

    private final ConnectionStore connections;
    private final MessageStore messages;
    private final OutboundStore outbound;
    private final Providers providers;
    private final SendSettings settings;
    private final Originals originals;

    SendPreparation(ConnectionStore connections, MessageStore messages, OutboundStore outbound, Providers providers,
            SendSettings settings) {
        this.connections = connections;
        this.messages = messages;
        this.outbound = outbound;
        this.providers = providers;
        this.settings = settings;
        this.originals = new Originals(connections, providers);
    }

    /**
     * A send ready to store.
     *
     * @param id send id (also the Message-ID's local part and the local copy's id)
     * @param fromType connection or workspace
     * @param connection the connection sent from, or null
     * @param from the From address
     * @param to recipients
     * @param cc copy recipients
     * @param bcc blind copy recipients
     * @param subject final subject
     * @param html final HTML (signature and pixels added) or null
     * @param text final text or null
     * @param messageId Message-ID without brackets
     * @param reply the answered message or null
     * @param forward the forwarded message or null
     * @param providerThreadId the provider thread to send into, or null
     * @param mime the message (connection sends, and workspace forwards with attachments) or null
     * @param size size of the message in bytes
     * @param sendAt scheduled time or null
     */
    record Prepared(String id, String fromType, ConnectionRecord connection, InternetAddress from,
            List<InternetAddress> to, List<InternetAddress> cc, List<InternetAddress> bcc, String subject,
            String html, String text, String messageId, ReplyTarget reply, ReplyTarget forward,
            String providerThreadId, byte[] mime, long size, Instant sendAt) {

        /** Thread headers for the store and for workspace sends. */
        Map<String, String> threadHeaders() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Message-ID", "<" + messageId + ">");
            if (reply != null && MimeComposer.validMessageId(reply.internetMessageId())) {
                h.put("In-Reply-To", "<" + reply.internetMessageId() + ">");
                h.put("References", String.join(" ", references(reply).stream().map(r -> "<" + r + ">").toList()));
            } else if (forward != null && providerThreadId != null && !references(forward).isEmpty()) {
                // a forward within the mailbox groups with the conversation: References only, no In-Reply-To
                h.put("References", String.join(" ", references(forward).stream().map(r -> "<" + r + ">")
                        .toList()));
            }
            return h;
        }
    }

    Prepared prepare(Caller caller, SendRequest r, Instant now) {
        if (r.from() == null || r.from().type() == null) {
            throw Fields.bad("from", "Choose who the message is from.");
        }
        String fromType = r.from().type();
        if (!CONNECTION.equals(fromType) && !WORKSPACE.equals(fromType)) {
            throw Fields.bad("from", "from.type must be connection or workspace.");
        }
        List<InternetAddress> to = Recipients.parse("to", r.to());
        List<InternetAddress> cc = Recipients.parse("cc", r.cc());
        List<InternetAddress> bcc = Recipients.parse("bcc", r.bcc());
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            throw Fields.bad("to", "Add at least one recipient.");
        }
        if (to.size() + cc.size() + bcc.size() > Recipients.MAX_TOTAL) {
            throw Fields.bad("to", "A message can have at most " + Recipients.MAX_TOTAL + " recipients.");
        }
        if (r.subject() != null && (Text.hasControl(r.subject()) || r.subject().length() > MAX_SUBJECT)) {
            throw Fields.bad("subject", "The subject must be one line of at most " + MAX_SUBJECT + " characters.");
        }
        if (r.html() != null && r.html().length() > MAX_BODY_CHARS) {
            throw Fields.refused("html", "message_too_large", "The message is too large.");
        }
        if (r.text() != null && r.text().length() > MAX_BODY_CHARS) {
            throw Fields.refused("text", "message_too_large", "The message is too large.");
        }
        checkLinks(r.links());
        Instant sendAt = r.sendAt() == null || !r.sendAt().isAfter(now) ? null : r.sendAt();
        if (sendAt != null && sendAt.isAfter(now.plusSeconds(366L * 24 * 3600))) {
            throw Fields.bad("sendAt", "A message can be scheduled at most a year ahead.");
        }

        ConnectionRecord connection = null;
        InternetAddress from;
        String limitKey;
        if (CONNECTION.equals(fromType)) {
            connection = ownConnection(caller, r.from().connectionId());
            from = address(connection.address(), connection.displayName());
            limitKey = connection.provider();
        } else {
            WorkspaceMailer mailer = providers.mailer();
            Optional<WorkspaceMailer.Sender> sender = mailer == null ? Optional.empty()
                    : mailer.sender(caller.workspaceId());
            if (sender.isEmpty()) {
                throw Fields.refused("from", "workspace_email_not_configured",
                        "Workspace email is not set up; ask an administrator or send from a connected mailbox.");
            }
            from = address(sender.get().address(), sender.get().displayName());
            limitKey = WORKSPACE;
        }

        if (r.replyToMessageId() != null && r.forwardMessageId() != null) {
            throw Fields.bad("forwardMessageId", "A message is either a reply (replyToMessageId) or a forward"
                    + " (forwardMessageId), not both.");
        }
        ReplyTarget reply = null;
        if (r.replyToMessageId() != null) {
            reply = messages.replyTarget(r.replyToMessageId())
                    .filter(t -> connections.find(t.connectionId()).filter(c -> owns(caller, c)).isPresent())
                    .orElseThrow(() -> Fields.notFound("replyToMessageId", "The message you reply to"));
        }
        ReplyTarget forward = null;
        Forwarding.Original original = null;
        if (r.forwardMessageId() != null) {
            forward = messages.replyTarget(r.forwardMessageId())
                    .filter(t -> connections.find(t.connectionId()).filter(c -> owns(caller, c)).isPresent())
                    .orElseThrow(() -> Fields.notFound("forwardMessageId", "The message you forward"));
            original = originals.fetch(forward);
        }
        String subject = r.subject() == null ? "" : r.subject().strip();
        if (reply != null && subject.isEmpty()) {
            String answered = reply.subject() == null ? "" : reply.subject();
            subject = Text.hasPrefix(answered, "Re:") ? answered : "Re: " + answered;
        }
        if (forward != null && subject.isEmpty()) {
            String forwarded = original.subject() != null ? original.subject()
                    : forward.subject() == null ? "" : forward.subject();
            subject = Text.hasPrefix(forwarded, "Fwd:") || Text.hasPrefix(forwarded, "FW:") ? forwarded
                    : "Fwd: " + forwarded;
            if (subject.length() > MAX_SUBJECT) {
                subject = subject.substring(0, MAX_SUBJECT);
            }
        }

        String html = r.html();
        String text = r.text();
        Optional<Signature> signature = signature(caller, r.signatureId(), reply != null || forward != null);
        if (signature.isPresent() && !signature.get().data().html().isBlank()) {
            String sig = signature.get().data().html();
            if (html == null && text == null) {
                text = "";
            }
            if (html != null) {
                html = html + "<br><div class=\"workestra-signature\">" + sig + "</div>";
            }
            if (text != null) {
                text = text + "\n\n-- \n" + Html.toText(sig);
            }
        }
        if (original != null) {
            // the caller's words (and signature) first, then the forwarded message
            String own = text != null ? text : html != null ? Html.toText(html) : "";
            if (html != null || original.html() != null) {
                html = (html != null ? html : "<div style=\"white-space:pre-wrap\">" + Text.escapeHtml(own)
                        + "</div>") + "<br>" + Forwarding.quotedHtml(original);
            }
            text = (own.isEmpty() ? "" : own + "\n\n") + Forwarding.quotedText(original);
        }
        String id = UUID.randomUUID().toString();
        if (Boolean.TRUE.equals(r.trackOpens())) {
            OpenTracking tracking = providers.tracking();
            if (tracking == null) {
                throw Fields.refused("trackOpens", "tracking_unavailable",
                        "Open tracking is not available on this server.");
            }
            if (html == null) {
                html = "<div style=\"white-space:pre-wrap\">" + Text.escapeHtml(text == null ? "" : text) + "</div>";
            }
            StringBuilder pixels = new StringBuilder();
            // never for Bcc recipients: every recipient sees the same HTML, so their pixels would reveal them
            for (InternetAddress a : Stream.of(to, cc).flatMap(List::stream).toList()) {
                String url = tracking.pixelUrl(id, a.getAddress().toLowerCase(Locale.ROOT), caller.userId());
                pixels.append("<img src=\"").append(Text.escapeHtml(url))
                        .append("\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">");
            }
            html = html + pixels;
        }
        String domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
        String messageId = id + "@" + domain;
        ReplyTarget threadOf = reply != null ? reply : forward;
        String providerThreadId = threadOf != null && connection != null
                && connection.id().equals(threadOf.connectionId()) ? threadOf.providerThreadId() : null;
        List<String> references = reply != null ? references(reply)
                : forward != null && providerThreadId != null ? references(forward) : List.of();
        List<MimeComposer.Attachment> attachments = original == null ? List.of() : original.attachments();

        byte[] mime = MimeComposer.compose(new MimeComposer.Composition(from, to, cc, subject, html, text, messageId,
                reply == null ? null : reply.internetMessageId(), references, now, attachments));
        long size = MimeComposer.submission(mime, bcc.stream().map(InternetAddress::getAddress).toList()).length;
        long limit = settings.limit(limitKey);
        if (size > limit) {
            throw Fields.refused(attachments.isEmpty() ? "body" : "forwardMessageId", "message_too_large",
                    "The message " + (attachments.isEmpty() ? "" : "with the forwarded attachments ") + "is "
                    + (size / 1024) + " KB; " + ("workspace".equals(limitKey) ? "workspace email" : limitKey)
                    + " accepts at most " + (limit / 1024) + " KB.");
        }
        // a workspace send keeps its MIME only to carry forwarded attachments to the provider
        boolean keepMime = connection != null || !attachments.isEmpty();
        return new Prepared(id, fromType, connection, from, to, cc, bcc, subject, html, text, messageId, reply,
                forward, providerThreadId, keepMime ? mime : null, size, sendAt);
    }

    /** The connection the caller sends from: theirs (personal or a shared mailbox they added) and active. */
    ConnectionRecord ownConnection(Caller caller, String connectionId) {
        if (connectionId == null || connectionId.isBlank()) {
            throw Fields.bad("from", "from.connectionId is needed when sending from a connected mailbox.");
        }
        return connections.find(connectionId).filter(c -> owns(caller, c) && c.active())
                .orElseThrow(() -> Fields.notFound("from", "The mailbox to send from"));
    }

    private Optional<Signature> signature(Caller caller, String signatureId, boolean reply) {
        if (signatureId != null) {
            return Optional.of(outbound.signature(caller.workspaceId(), caller.userId(), signatureId)
                    .orElseThrow(() -> Fields.notFound("signatureId", "The signature")));
        }
        return outbound.signatures(caller.workspaceId(), caller.userId()).stream()
                .filter(s -> reply ? s.data().defaultForReplies() : s.data().defaultForNew()).findFirst();
    }

    private static void checkLinks(List<LinkRef> links) {
        if (links == null) {
            return;
        }
        if (links.size() > MAX_LINKS) {
            throw Fields.bad("links", "A message can be linked to at most " + MAX_LINKS + " records.");
        }
        for (LinkRef l : links) {
            if (l == null || l.module() == null || !MODULES.contains(l.module()) || l.objectType() == null
                    || l.objectType().isBlank() || l.objectId() == null || l.objectId().isBlank()
                    || l.objectId().length() > 100 || l.objectType().length() > 20) {
                throw Fields.bad("links", "Each link needs a module (crm, support, recruiting), objectType and"
                        + " objectId.");
            }
        }
    }

    /** Links of one message at most (they are stored with the send: 20 × 130 characters fit its column). */
    static final int MAX_LINKS = 20;

    static boolean owns(Caller caller, ConnectionRecord c) {
        return c.workspaceId().equals(caller.workspaceId()) && c.userId().equals(caller.userId());
    }

    /** References of a reply: the answered message's References plus its own Message-ID. */
    static List<String> references(ReplyTarget reply) {
        List<String> refs = new ArrayList<>();
        if (reply.references() != null) {
            reply.references().stream().filter(MimeComposer::validMessageId).forEach(refs::add);
        }
        if (MimeComposer.validMessageId(reply.internetMessageId()) && !refs.contains(reply.internetMessageId())) {
            refs.add(reply.internetMessageId());
        }
        return refs;
    }

    private static InternetAddress address(String address, String name) {
        try {
            return new InternetAddress(address, name == null || name.isBlank() || Text.hasControl(name) ? null : name,
                    "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
