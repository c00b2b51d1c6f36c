package com.workestra.email.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of the inbox: a user's feed of messages (from their own connections, shared mailboxes included) and
 * notifications, message and thread views, local read state with its outbox, and notifications from host modules.
 * Every method takes the owner (workspace and user) and returns nothing for objects of anyone else.
 */
public interface InboxStore {

    /** Tabs of the feed. */
    enum Tab {
        /** Messages and notifications. */
        ALL,
        /** Unread received messages and unread notifications. */
        UNREAD,
        /** Messages only. */
        EMAILS,
        /** Notifications of kind mention. */
        MENTIONS,
        /** Notifications of kind assigned. */
        ASSIGNED,
        /** Messages linked to a host module (the query's module). */
        MODULE
    }

    /**
     * A feed request.
     *
     * @param workspaceId owner's workspace
     * @param userId owner
     * @param tab which items
     * @param module crm, support or recruiting when the tab is MODULE
     * @param connectionId only messages of this (own) connection, or null
     * @param text search words over subject, body text and addresses, or null
     * @param cursor the previous page's {@link FeedPage#nextCursor()}, or null for the first page
     * @param limit page size (1..100)
     */
    record FeedQuery(String workspaceId, String userId, Tab tab, String module, String connectionId, String text,
            String cursor, int limit) {
    }

    /**
     * A page of the feed, newest first.
     *
     * @param items the items
     * @param nextCursor opaque position after the last item, or null at the end
     */
    record FeedPage(List<FeedItem> items, String nextCursor) {
    }

    /**
     * A link of a message to a host record.
     *
     * @param module crm, support or recruiting
     * @param objectType contact, deal, ticket or candidate
     * @param objectId the host's id
     */
    record Link(String module, String objectType, String objectId) {
    }

    /**
     * One feed item: a message ({@code type = email}) or a notification ({@code type = notification}).
     *
     * @param type email or notification
     * @param id message or notification id
     * @param threadId the message's thread (email only)
     * @param connectionId the message's connection (email only)
     * @param from sender (email only)
     * @param to recipients (email only)
     * @param subject subject, or the notification title
     * @param snippet preview, or the notification body
     * @param receivedAt when received (or created)
     * @param unread whether unread
     * @param links host records the message is linked to
     * @param kind notification kind (mention, assigned, activity), else null
     * @param module notification module, else null
     * @param objectRef notification object reference, else null
     */
    record FeedItem(String type, String id, String threadId, String connectionId, MessageData.Address from,
            List<MessageData.Address> to, String subject, String snippet, Instant receivedAt, boolean unread,
            List<Link> links, String kind, String module, String objectRef) {
    }

    /**
     * A stored message for display (bodies raw: the caller sanitizes HTML before showing it).
     *
     * @param id message id
     * @param threadId local thread
     * @param connectionId connection
     * @param folders folders, lower-case
     * @param read read state
     * @param receivedAt when received
     * @param subject subject
     * @param from sender
     * @param to recipients
     * @param cc copy recipients
     * @param bcc blind copies (known for sent mail only)
     * @param internetMessageId Message-ID
     * @param inReplyTo In-Reply-To
     * @param references References
     * @param headers other stored headers (lower-case names)
     * @param textBody text body or null
     * @param htmlBody raw HTML body or null
     * @param attachments attachment metadata
     * @param links host records linked
     * @param sentAt the message's own Date with the sender's offset, or null
     * @param parseWarnings why the message may look odd (parse warnings of the sync engine), empty when clean
     */
    record StoredMessage(String id, String threadId, String connectionId, List<String> folders, boolean read,
            Instant receivedAt, String subject, MessageData.Address from, List<MessageData.Address> to,
            List<MessageData.Address> cc, List<MessageData.Address> bcc, String internetMessageId,
            String inReplyTo, List<String> references, Map<String, String> headers, String textBody,
            String htmlBody, List<MessageData.Attachment> attachments, List<Link> links, OffsetDateTime sentAt,
            List<String> parseWarnings) {

        /** A message without a known Date and without parse warnings. */
        public StoredMessage(String id, String threadId, String connectionId, List<String> folders, boolean read,
                Instant receivedAt, String subject, MessageData.Address from, List<MessageData.Address> to,
                List<MessageData.Address> cc, List<MessageData.Address> bcc, String internetMessageId,
                String inReplyTo, List<String> references, Map<String, String> headers, String textBody,
                String htmlBody, List<MessageData.Attachment> attachments, List<Link> links) {
            this(id, threadId, connectionId, folders, read, receivedAt, subject, from, to, cc, bcc, internetMessageId,
                    inReplyTo, references, headers, textBody, htmlBody, attachments, links, null, List.of());
        }
    }

    /**
     * A notification from a host module.
     *
     * @param workspaceId workspace of the caller and of the target user
     * @param userId target user
     * @param kind mention, assigned or activity
     * @param module crm, support, recruiting (or another module name)
     * @param title title
     * @param body body or null
     * @param objectRef the host object it is about
     * @param createdBy the user who posted it
     */
    record NewNotification(String workspaceId, String userId, String kind, String module, String title, String body,
            String objectRef, String createdBy) {
    }

    /** One feed page. */
    FeedPage feed(FeedQuery query);

    /** Whether the connection exists and belongs to the user. */
    boolean ownsConnection(String workspaceId, String userId, String connectionId);

    /**
     * The addresses of the user's active connections (shared mailboxes included), the ones a reply-all leaves out.
     *
     * @return lower-case address by connection id, oldest connection first; empty when the user has none
     */
    Map<String, String> ownAddresses(String workspaceId, String userId);

    /** A live message of the user. */
    Optional<StoredMessage> message(String workspaceId, String userId, String messageId);

    /** The user's live messages of a thread, oldest first; empty when none is theirs. */
    List<StoredMessage> thread(String workspaceId, String userId, String threadId);

    /**
     * Sets the read state of one of the user's messages at once and, in the same transaction, queues the change for
     * the provider (superseding a still pending older change of the same message).
     *
     * @return false when the message is not the user's
     */
    boolean markRead(String workspaceId, String userId, String messageId, boolean read, Instant now);

    /**
     * Stores a notification.
     *
     * @return its id
     */
    String notify(NewNotification notification, Instant now);
}
