package com.workestra.email.sandbox.mail;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a mailbox's monotonic change log. {@code sequence} is the Gmail historyId (and a Graph delta
 * position); labels and read state are those after the change.
 *
 * @param sequence      position in the account's log, strictly increasing
 * @param messageId     the message's stable id
 * @param threadId      the message's thread id (Gmail threadId)
 * @param kind          added, updated (labels / read state) or deleted
 * @param labelsAdded   labels added by this change (ADDED: all labels of the new message)
 * @param labelsRemoved labels removed by this change (DELETED: all labels the message had)
 * @param labels        the message's labels after the change
 * @param folder        the message's folder (inbox or sent items)
 * @param read          read state after the change
 * @param at            when it happened
 */
public record Change(long sequence, String messageId, String threadId, ChangeKind kind, List<String> labelsAdded,
        List<String> labelsRemoved, List<String> labels, Folder folder, boolean read, Instant at) {

    /** Whether only the read state (the UNREAD label) changed. */
    public boolean readChanged() {
        return labelsAdded.contains(Labels.UNREAD) || labelsRemoved.contains(Labels.UNREAD);
    }
}
