package com.workestra.email.inbox.internal.view;

import com.workestra.email.store.InboxStore.Link;
import com.workestra.email.store.InboxStore.StoredMessage;
import com.workestra.email.store.MessageData.Address;
import com.workestra.email.store.MessageData.Attachment;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message as shown to its owner (GET /messages/{id}, the messages of GET /threads/{id}): sanitized HTML, the text
 * body, the headers a person needs, attachment metadata and host links.
 *
 * @param id message id
 * @param threadId thread id
 * @param connectionId connection
 * @param subject subject
 * @param from sender
 * @param to recipients
 * @param cc copy recipients
 * @param bcc blind copies (own sent mail only)
 * @param receivedAt when it reached the mailbox
 * @param sentAt the message's own Date with the sender's offset (ISO-8601, e.g. {@code 2026-12-07T10:00:00+01:00}),
 *     or null when the message has none or it cannot be read
 * @param unread whether unread
 * @param folders folders
 * @param html sanitized HTML, or null for text-only mail
 * @param text text body (the fallback when there is no HTML)
 * @param remoteImagesBlocked whether remote images were removed ({@code ?images=show} loads them)
 * @param headers headers of interest, lower-case names
 * @param attachments attachment metadata (inline images carry the content id their {@code cid:} source names)
 * @param links host records linked
 * @param compose suggested recipients and subjects of a reply, a reply-all and a forward
 * @param parseWarnings why the message may look odd (what the parser had to repair or guess), empty when clean
 */
public record MessageView(String id, String threadId, String connectionId, String subject, Address from,
        List<Address> to, List<Address> cc, List<Address> bcc, Instant receivedAt, boolean unread,
        List<String> folders, String html, String text, boolean remoteImagesBlocked, Map<String, String> headers,
        List<Attachment> attachments, List<Link> links, ComposeDrafts compose, String sentAt,
        List<String> parseWarnings) {

    /** The view of a stored message with its compose drafts. */
    public static MessageView of(StoredMessage m, boolean showRemoteImages, ComposeDrafts compose) {
        HtmlCleaner.Cleaned cleaned = HtmlCleaner.clean(m.htmlBody(), showRemoteImages);
        Map<String, String> headers = new LinkedHashMap<>();
        put(headers, "from", m.from() == null ? null : format(List.of(m.from())));
        put(headers, "to", format(m.to()));
        put(headers, "cc", format(m.cc()));
        // the message's own Date as the sender wrote it; the arrival time is receivedAt
        String sentAt = m.sentAt() == null ? null : m.sentAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        put(headers, "date", sentAt);
        put(headers, "subject", m.subject());
        put(headers, "message-id", angle(m.internetMessageId()));
        put(headers, "in-reply-to", angle(m.inReplyTo()));
        put(headers, "references", m.references().isEmpty() ? null
                : String.join(" ", m.references().stream().map(MessageView::angle).toList()));
        m.headers().forEach((k, v) -> headers.putIfAbsent(k, v));
        return new MessageView(m.id(), m.threadId(), m.connectionId(), m.subject(), m.from(), m.to(), m.cc(),
                m.bcc(), m.receivedAt(), !m.read(), m.folders(), cleaned.html(), m.textBody(),
                cleaned.remoteImagesBlocked(), headers, m.attachments(), m.links(), compose, sentAt,
                m.parseWarnings() == null ? List.of() : m.parseWarnings());
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null && !value.isEmpty()) {
            headers.put(name, value);
        }
    }

    private static String angle(String id) {
        return id == null ? null : "<" + id + ">";
    }

    private static String format(List<Address> addresses) {
        return String.join(", ", addresses.stream()
                .map(a -> a.name() == null ? a.address() : a.name() + " <" + a.address() + ">").toList());
    }
}
