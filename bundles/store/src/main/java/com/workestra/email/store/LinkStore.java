package com.workestra.email.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/**
 * Links of messages to host records (email_link), the linker's persisted progress and lease, retroactive relink
 * requests, intake applications, and the panel queries over links. Every method is one transaction.
 */
public interface LinkStore {

    /** Link source of address matches. */
    String SOURCE_ADDRESS = "address";
    /** Link source of intake decisions (ticket per conversation, application). */
    String SOURCE_INTAKE = "intake";
    /** Link source of the {@code links} a sender gave with POST /messages. */
    String SOURCE_EXPLICIT = "explicit";

    /**
     * Where a slice of the message stream ended: messages are walked in (created_at, id) order.
     *
     * @param createdAt created_at of the last processed message
     * @param messageId id of the last processed message
     */
    record Position(Instant createdAt, String messageId) {

        /** Before every message. */
        public static final Position START = new Position(Instant.EPOCH, "");
    }

    /**
     * A host record a message is linked to.
     *
     * @param module crm, support or recruiting
     * @param objectType contact, deal, ticket or candidate
     * @param objectId the host's id
     */
    record Target(String module, String objectType, String objectId) {
    }

    /**
     * A stored message with what linking and intake need.
     *
     * @param id message id
     * @param connectionId its mailbox
     * @param workspaceId the mailbox's workspace
     * @param userId the mailbox's owner
     * @param mailboxAddress the mailbox's address
     * @param intakeModule support, recruiting or null
     * @param threadId thread_id, or null when not yet assigned
     * @param providerThreadId provider thread/conversation id, or null
     * @param internetMessageId Message-ID, or null
     * @param inReplyTo In-Reply-To, or null
     * @param references References ids
     * @param subject subject
     * @param fromAddress sender, or null
     * @param fromName sender's name, or null
     * @param recipients to and cc addresses
     * @param inSent whether it is in the sent folder (our own send)
     * @param headers headers of interest, names lower-case
     * @param attachments non-inline attachment metadata
     * @param receivedAt when it arrived
     * @param createdAt when it was stored
     */
    record StoredMessage(String id, String connectionId, String workspaceId, String userId, String mailboxAddress,
            String intakeModule, String threadId, String providerThreadId, String internetMessageId,
            String inReplyTo, List<String> references, String subject, String fromAddress, String fromName,
            List<String> recipients, boolean inSent, Map<String, String> headers,
            List<MessageData.Attachment> attachments, Instant receivedAt, Instant createdAt) {

        /** Copies the collections. */
        public StoredMessage {
            references = references == null ? List.of() : List.copyOf(references);
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }
    }

    /**
     * A pending retroactive linking of existing mail to a host record whose addresses changed.
     *
     * @param id request id
     * @param workspaceId the record's workspace
     * @param target the record
     * @param emails its current addresses
     * @param afterMessageId messages up to this id (in id order) are done
     */
    record RelinkRequest(String id, String workspaceId, Target target, List<String> emails, String afterMessageId) {

        /** Copies the addresses. */
        public RelinkRequest {
            emails = emails == null ? List.of() : List.copyOf(emails);
        }
    }

    /**
     * Aggregated thread of a panel.
     *
     * @param threadId thread id
     * @param connectionId mailbox
     * @param subject subject of the first message
     * @param participants addresses in order of appearance
     * @param lastMessageAt newest message
     * @param messageCount live messages
     * @param unread whether an inbound message is unread
     * @param snippet preview of the newest message
     * @param owner whose mailbox the thread is in
     * @param access what the viewer may see of it: {@link #OWNER} (own mailbox), {@link #EVERYTHING}, {@link #SUBJECT}
     *     (subject, people, time: the snippet is null) or {@link #METADATA} (people and time: subject and snippet null)
     */
    record ThreadRow(String threadId, String connectionId, String subject, List<String> participants,
            Instant lastMessageAt, long messageCount, boolean unread, String snippet, Owner owner, String access) {

        /** A row of the viewer's own mailbox. */
        public ThreadRow(String threadId, String connectionId, String subject, List<String> participants,
                Instant lastMessageAt, long messageCount, boolean unread, String snippet) {
            this(threadId, connectionId, subject, participants, lastMessageAt, messageCount, unread, snippet, null,
                    OWNER);
        }
    }

    /** The viewer owns the mailbox. */
    String OWNER = "owner";
    /** Visibility: subject, people, body, attachment metadata. */
    String EVERYTHING = "everything";
    /** Visibility: subject, people, time. */
    String SUBJECT = "subject";
    /** Visibility: people and time. */
    String METADATA = "metadata";
    /** Visibility: nothing. */
    String PRIVATE = "private";
    /** The visibilities a connection may have, most open first. */
    List<String> VISIBILITIES = List.of(EVERYTHING, SUBJECT, METADATA, PRIVATE);

    /**
     * Whose mailbox a thread is in.
     *
     * @param userId the owner's user id
     * @param address the mailbox address
     * @param displayName the mailbox's display name, or null
     * @param kind personal or shared
     */
    record Owner(String userId, String address, String displayName, String kind) {
    }

    /**
     * Who looks at a panel: authorization is decided in the store's queries from this.
     *
     * @param workspaceId the viewer's workspace (nothing of another workspace is ever returned)
     * @param userId the viewer
     * @param modules the modules the host says the viewer is a member of (shared and intake mailboxes of a module
     *     are visible in full to its members)
     */
    record Viewer(String workspaceId, String userId, Set<String> modules) {

        /** Copies the modules. */
        public Viewer {
            modules = modules == null ? Set.of() : Set.copyOf(modules);
        }
    }

    /**
     * One message of a panel thread, cut to what the viewer may see.
     *
     * @param id message id
     * @param subject subject, null at {@link #METADATA}
     * @param from sender
     * @param to recipients
     * @param cc copy recipients
     * @param receivedAt when it reached the mailbox
     * @param outbound whether the mailbox sent it
     * @param text plain text body, only at {@link #OWNER} and {@link #EVERYTHING}
     * @param html raw HTML body (sanitized for display by the caller), only at {@link #OWNER} and {@link #EVERYTHING}
     * @param attachments attachment metadata, only at {@link #OWNER} and {@link #EVERYTHING}
     */
    record PanelMessage(String id, String subject, MessageData.Address from, List<MessageData.Address> to,
            List<MessageData.Address> cc, Instant receivedAt, boolean outbound, String text, String html,
            List<MessageData.Attachment> attachments) {
    }

    /**
     * A thread opened from a panel.
     *
     * @param summary the thread as the panel lists it
     * @param messages its live messages, oldest first, cut to {@code summary.access()}
     */
    record PanelThread(ThreadRow summary, List<PanelMessage> messages) {
    }

    /**
     * An application that arrived by mail.
     *
     * @param messageId the message
     * @param connectionId the intake mailbox
     * @param subject subject
     * @param receivedAt when it arrived
     * @param files attachment metadata recorded with it
     */
    record ApplicationRow(String messageId, String connectionId, String subject, Instant receivedAt,
            List<MessageData.Attachment> files) {
    }

    /**
     * Takes or renews the named lease (one worker at a time across all nodes).
     *
     * @return whether {@code owner} holds the lease until {@code now + ttl}
     */
    boolean tryLease(String name, String owner, Instant now, Duration ttl);

    /** Gives the lease up if {@code owner} holds it. */
    void releaseLease(String name, String owner);

    /** The persisted position of the named walker, {@link Position#START} when it never ran. */
    Position position(String name);

    /** Persists the named walker's position. */
    void savePosition(String name, Position position);

    /** Live messages after {@code after} in (created_at, id) order, created before {@code createdBefore}. */
    List<StoredMessage> messagesAfter(Position after, Instant createdBefore, int limit);

    /** One live message. */
    Optional<StoredMessage> message(String id);

    /** The addresses of every connection of the workspace (never counterparties), lower-cased. */
    List<String> connectionAddresses(String workspaceId);

    /**
     * Links a message to records; existing links are kept.
     *
     * @return the links added
     */
    int link(String messageId, String workspaceId, Collection<Target> targets, String source, Instant now);

    /** The links of a message. */
    List<Target> links(String messageId);

    /** Records a retroactive linking request. */
    void requestRelink(String workspaceId, Target target, List<String> emails, Instant now);

    /** The oldest pending relink requests. */
    List<RelinkRequest> pendingRelinks(int limit);

    /** Advances a relink request, or deletes it when {@code afterMessageId} is null (done). */
    void relinkProgress(String requestId, String afterMessageId);

    /** Live messages of the workspace's mailboxes having one of these addresses (from/to/cc), in id order. */
    List<StoredMessage> messagesWithAddresses(String workspaceId, Collection<String> addresses,
            String afterMessageId, int limit);

    /**
     * The record an earlier message of the same conversation was linked to with source intake: same mailbox and
     * thread, or a message of the workspace whose Message-ID is one of {@code messageIds}.
     */
    Optional<Target> intakeTarget(StoredMessage message, String module, String objectType,
            Collection<String> messageIds);

    /** Records an application that arrived by mail with its attachment metadata (idempotent per message). */
    void recordApplication(StoredMessage message, String candidateId, Instant now);

    /** Applications of a candidate received in mailboxes of this user, newest first. */
    List<ApplicationRow> applications(String workspaceId, String userId, String candidateId);

    /**
     * Threads containing a message linked to the target, newest first, from every mailbox of the viewer's workspace
     * the viewer may see: their own (in full), teammates' mailboxes by each one's visibility (not private), shared and
     * intake mailboxes of the target's module in full to its members. Each row says whose mailbox it is in and is cut
     * to the viewer's access.
     *
     * @param max at most this many threads
     */
    List<ThreadRow> threads(Viewer viewer, Target target, int max);

    /** {@link #threads(Viewer, Target, int)} for a viewer who is a member of no module. */
    default List<ThreadRow> threads(String workspaceId, String userId, Target target, int max) {
        return threads(new Viewer(workspaceId, userId, Set.of()), target, max);
    }

    /**
     * One thread of a panel: only a thread that contains a message linked to the target and that the viewer may see
     * ({@link #threads}); its messages are cut to the viewer's access (bodies only at owner and everything).
     *
     * @param threadId the id a panel row carries
     * @return empty when there is no such thread for this viewer
     */
    Optional<PanelThread> panelThread(Viewer viewer, Target target, String threadId);

    /** The visibility of a connection for teammates. */
    String visibility(String connectionId);

    /**
     * Sets the visibility of one of the user's own connections.
     *
     * @return false when the connection is not the user's
     */
    boolean setVisibility(String workspaceId, String userId, String connectionId, String visibility);

    /** The visibility new connections of the workspace get ({@link #SUBJECT} until an admin chooses). */
    String defaultVisibility(String workspaceId);

    /** Sets the workspace's default visibility for new connections, recording who changed it. */
    void setDefaultVisibility(String workspaceId, String visibility, String changedBy, Instant now);

    /**
     * Messages of the user's own mailboxes linked to the target, newest first (reply targets).
     *
     * @param max at most this many
     */
    List<StoredMessage> linkedMessages(String workspaceId, String userId, Target target, int max);
}
