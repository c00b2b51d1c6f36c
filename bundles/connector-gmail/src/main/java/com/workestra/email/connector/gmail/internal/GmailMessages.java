package com.workestra.email.connector.gmail.internal;

import com.workestra.email.spi.RemoteMessage;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns Gmail's label ids into the SPI's folders and read state: the one place that knows Gmail's system labels. */
final class GmailMessages {

    static final String INBOX = "INBOX";
    static final String SENT = "SENT";
    static final String UNREAD = "UNREAD";

    private GmailMessages() {
    }

    /**
     * A message as far as its labels tell: INBOX becomes {@code inbox}, SENT {@code sent}, UNREAD only clears the read
     * flag, every other label is kept lower-cased.
     *
     * @param internalDate Gmail's internalDate in epoch milliseconds, or null when unknown
     * @param sizeEstimate Gmail's sizeEstimate, or null when unknown
     */
    static RemoteMessage remote(String id, String threadId, List<String> labelIds, Long internalDate,
            Integer sizeEstimate) {
        Set<String> folders = new LinkedHashSet<>();
        boolean read = true;
        if (labelIds != null) {
            for (String label : labelIds) {
                if (UNREAD.equals(label)) {
                    read = false;
                } else if (label != null && !label.isBlank()) {
                    folders.add(label.toLowerCase(Locale.ROOT));
                }
            }
        }
        return new RemoteMessage(id, threadId, folders, read,
                internalDate == null ? null : Instant.ofEpochMilli(internalDate),
                sizeEstimate == null ? -1 : sizeEstimate.longValue());
    }

    /** The Gmail label of an SPI folder ({@code inbox}, {@code sent}), or null for all mail. */
    static String labelOf(String folder) {
        if (folder == null || folder.isBlank()) {
            return null;
        }
        return switch (folder.trim().toLowerCase(Locale.ROOT)) {
            case "inbox" -> INBOX;
            case "sent" -> SENT;
            default -> throw new IllegalArgumentException("Gmail lists the folders inbox and sent, not " + folder);
        };
    }
}
