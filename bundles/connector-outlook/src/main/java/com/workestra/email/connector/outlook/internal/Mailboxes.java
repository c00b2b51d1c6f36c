package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.Message;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.UserItemRequestBuilder;
import com.microsoft.kiota.RequestHeaders;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.RemoteMessage;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** How the mail operations address a mailbox on Graph ({@code /me} or {@code /users/{address}}) and read messages. */
final class Mailboxes {

    /** Our folder names and Graph's well-known folder names. */
    static final String INBOX = "inbox";
    static final String SENT = "sent";

    /** The message properties a {@link RemoteMessage} needs. */
    static final String[] META_SELECT = {"id", "conversationId", "isRead", "receivedDateTime", "parentFolderId"};

    /** Ids that survive moves between folders (Graph echoes the preference in Preference-Applied). */
    static final String PREFER_IMMUTABLE_IDS = "IdType=\"ImmutableId\"";

    private Mailboxes() {
    }

    /** {@code /users/{address}} for a shared mailbox reached through a delegate, else {@code /me}. */
    static UserItemRequestBuilder user(GraphServiceClient graph, MailboxRef mailbox) {
        return mailbox.shared() ? graph.users().byUserId(mailbox.address()) : graph.me();
    }

    /** Graph's well-known folder for our folder name ({@code inbox}, {@code sent}). */
    static String wellKnownFolder(String folder) throws ProviderException {
        String f = folder == null ? "" : folder.trim().toLowerCase(Locale.ROOT);
        if (f.equals(INBOX)) {
            return "inbox";
        }
        if (f.equals(SENT)) {
            return "sentitems";
        }
        throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                "The Outlook connector lists the inbox or the sent folder only, not '" + folder + "'.", null);
    }

    /** Adds the ImmutableId preference (and more Prefer values) to a request's headers. */
    static void prefer(RequestHeaders headers, String... more) {
        headers.add("Prefer", PREFER_IMMUTABLE_IDS);
        for (String p : more) {
            headers.add("Prefer", p);
        }
    }

    /** The listing view of a Graph message known to be in {@code folder}. */
    static RemoteMessage remote(Message m, String folder, long sizeBytes) {
        Instant received = m.getReceivedDateTime() == null ? null : m.getReceivedDateTime().toInstant();
        return new RemoteMessage(m.getId(), m.getConversationId(), folder == null ? Set.of() : Set.of(folder),
                Boolean.TRUE.equals(m.getIsRead()), received, sizeBytes);
    }
}
