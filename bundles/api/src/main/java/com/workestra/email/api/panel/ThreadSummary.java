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
 */
public record ThreadSummary(String id, String subject, List<String> participants, Instant lastMessageAt,
        long messageCount, boolean unread, String snippet, String connectionId) {

    /** Copies the participant list. */
    public ThreadSummary {
        participants = participants == null ? List.of() : List.copyOf(participants);
    }
}
