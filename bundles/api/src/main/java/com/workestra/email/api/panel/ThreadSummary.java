package com.workestra.email.api.panel;

import java.time.Instant;
import java.util.List;

/**
 * One thread linked to a host record, as a panel lists it.
 *
 * @param id the thread id
 * @param subject subject of the thread's first message
 * @param participants every address taking part (senders and recipients), lower-cased, in order of appearance
 * @param lastMessageAt when the newest message arrived
 * @param messageCount live messages of the thread in this mailbox
 * @param unread whether an inbound message of the thread is unread
 * @param snippet preview of the newest message
 * @param connectionId the mailbox the thread is in
 * @param owner whose mailbox it is (a teammate's threads appear as their owner shared them)
 * @param access what the caller sees: owner (own mailbox, in full), everything, subject (no snippet) or metadata
 *     (people and time: no subject, no snippet)
 */
public record ThreadSummary(String id, String subject, List<String> participants, Instant lastMessageAt,
        long messageCount, boolean unread, String snippet, String connectionId, ThreadOwner owner, String access) {

    /** Copies the participant list. */
    public ThreadSummary {
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    /** A thread of the caller's own mailbox. */
    public ThreadSummary(String id, String subject, List<String> participants, Instant lastMessageAt,
            long messageCount, boolean unread, String snippet, String connectionId) {
        this(id, subject, participants, lastMessageAt, messageCount, unread, snippet, connectionId, null, "owner");
    }

    /**
     * Whose mailbox a thread is in.
     *
     * @param userId the owner's user id
     * @param address the mailbox address
     * @param displayName the mailbox's display name, or null
     * @param kind personal or shared
     */
    public record ThreadOwner(String userId, String address, String displayName, String kind) {
    }
}
