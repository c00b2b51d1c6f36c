package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.RemoteMessage;
import com.workestra.email.store.MessageData;
import com.workestra.email.sync.internal.mime.AttachmentInfo;
import com.workestra.email.sync.internal.mime.EmailAddress;
import com.workestra.email.sync.internal.mime.MessageParser;
import com.workestra.email.sync.internal.mime.MimeLimits;
import com.workestra.email.sync.internal.mime.ParsedMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a fetched raw message into the store's normalized record (streaming parse with bounded memory). The Reply-To
 * addresses join the headers of interest under {@value #REPLY_TO} so replies can be addressed without a schema change.
 */
public final class MessageMapper {

    /** Header key of the Reply-To mailboxes ({@code Name <addr>, addr2}), spelled like the other headers of interest. */
    static final String REPLY_TO = "Reply-To";
    /** Display names with any of these are quoted, so the list can be split again (RFC 5322 specials). */
    private static final Pattern SPECIALS = Pattern.compile("[()<>\\[\\]:;@\\\\,.\"]");

    private final MessageParser parser = new MessageParser();
    private final MimeLimits limits;

    public MessageMapper(MimeLimits limits) {
        this.limits = limits;
    }

    /** The store record of a fetched raw message. */
    public MessageData map(FetchedMessage fetched) {
        ParsedMessage p;
        try {
            p = parser.parse(new ByteArrayInputStream(fetched.raw()), limits);
        } catch (IOException e) {
            // an in-memory stream does not fail; keep the contract explicit
            throw new UncheckedIOException(e);
        }
        RemoteMessage meta = fetched.meta();
        Instant received = meta.receivedAt() != null ? meta.receivedAt()
                : p.sentAt() == null ? null : p.sentAt().toInstant();
        return new MessageData(meta.providerId(), meta.threadId(), meta.folders(), meta.read(),
                received, p.messageId(), p.inReplyTo(), p.references(), p.subject(), address(p.from()),
                addresses(p.to()), addresses(p.cc()), addresses(p.bcc()), p.snippet(), p.textBody(), p.htmlBody(),
                meta.sizeBytes() > 0 ? meta.sizeBytes() : p.sizeBytes(),
                p.attachments().stream().map(MessageMapper::attachment).toList(), headers(p), p.warnings(),
                p.sentAt());
    }

    private static Map<String, String> headers(ParsedMessage p) {
        List<MessageData.Address> replyTo = addresses(p.replyTo());
        if (replyTo.isEmpty()) {
            return p.headers();
        }
        Map<String, String> headers = new LinkedHashMap<>(p.headers());
        headers.put(REPLY_TO, String.join(", ", replyTo.stream().map(MessageMapper::format).toList()));
        return headers;
    }

    /** {@code addr}, {@code Name <addr>} or {@code "Name, with specials" <addr>}. */
    static String format(MessageData.Address a) {
        String name = a.name() == null ? "" : a.name().strip();
        if (name.isEmpty()) {
            return a.address();
        }
        if (SPECIALS.matcher(name).find()) {
            name = '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return name + " <" + a.address() + ">";
    }

    private static MessageData.Address address(EmailAddress a) {
        return a == null || a.address() == null ? null
                : new MessageData.Address(a.address().toLowerCase(Locale.ROOT), a.displayName());
    }

    private static List<MessageData.Address> addresses(List<EmailAddress> list) {
        return list.stream().map(MessageMapper::address).filter(java.util.Objects::nonNull).toList();
    }

    private static MessageData.Attachment attachment(AttachmentInfo a) {
        return new MessageData.Attachment(a.partId(), a.filename(), a.contentType(), a.sizeBytes(), a.contentId(),
                a.inline(), a.kind());
    }
}
