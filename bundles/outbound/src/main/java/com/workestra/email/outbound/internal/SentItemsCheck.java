package com.workestra.email.outbound.internal;

import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.RemoteMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks the provider whether a message went out: lists the mailbox's sent folder since shortly before the send was
 * created (one page) and compares the Message-ID header of those messages. Used before any resubmission that follows
 * an ambiguous failure, and to reconcile {@code delivery_unknown} sends, so a message is never sent twice.
 */
final class SentItemsCheck {

    private static final int PAGE = 50;
    private static final Duration SLACK = Duration.ofMinutes(5);
    private static final int HEADER_BYTES = 64 * 1024;

    private SentItemsCheck() {
    }

    /** The provider id of the sent copy with this Message-ID (without brackets), if the provider has it. */
    static Optional<String> find(MailboxOperations ops, MailboxRef mailbox, String messageId, Instant createdAt)
            throws ProviderException {
        List<RemoteMessage> recent = ops.list(mailbox, "sent", createdAt.minus(SLACK), null, PAGE).messages();
        if (recent.isEmpty()) {
            return Optional.empty();
        }
        String wanted = "<" + messageId.toLowerCase(Locale.ROOT) + ">";
        for (FetchedMessage m : ops.fetch(mailbox, recent.stream().map(RemoteMessage::providerId).toList())) {
            String id = messageIdOf(m.raw());
            if (id != null && id.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(m.meta().providerId());
            }
        }
        return Optional.empty();
    }

    /** The Message-ID header value of a raw message (unfolded, trimmed), or null. */
    static String messageIdOf(byte[] raw) {
        if (raw == null) {
            return null;
        }
        String head = new String(raw, 0, Math.min(raw.length, HEADER_BYTES), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            end = head.indexOf("\n\n");
        }
        String[] lines = (end < 0 ? head : head.substring(0, end)).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].regionMatches(true, 0, "Message-ID:", 0, 11)) {
                StringBuilder v = new StringBuilder(lines[i].substring(11).trim());
                while (i + 1 < lines.length && !lines[i + 1].isEmpty()
                        && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                    v.append(lines[++i].trim());
                }
                return v.toString();
            }
        }
        return null;
    }
}
