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
import java.util.List;
import java.util.Locale;

/** Turns a fetched raw message into the store's normalized record (streaming parse with bounded memory). */
public final class MessageMapper {

    private final MessageParser parser = new MessageParser();
    private final MimeLimits limits;

    public MessageMapper(MimeLimits limits) {
        this.limits = limits;
    }

    MessageData map(FetchedMessage fetched) {
        ParsedMessage p;
        try {
            p = parser.parse(new ByteArrayInputStream(fetched.raw()), limits);
        } catch (IOException e) {
            // an in-memory stream does not fail; keep the contract explicit
            throw new UncheckedIOException(e);
        }
        RemoteMessage meta = fetched.meta();
        Instant received = meta.receivedAt() != null ? meta.receivedAt() : p.date();
        return new MessageData(meta.providerId(), meta.threadId(), meta.folders(), meta.read(),
                received, p.messageId(), p.inReplyTo(), p.references(), p.subject(), address(p.from()),
                addresses(p.to()), addresses(p.cc()), addresses(p.bcc()), p.snippet(), p.textBody(), p.htmlBody(),
                meta.sizeBytes() > 0 ? meta.sizeBytes() : p.sizeBytes(),
                p.attachments().stream().map(MessageMapper::attachment).toList(), p.headers(), p.warnings());
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
                a.inline());
    }
}
