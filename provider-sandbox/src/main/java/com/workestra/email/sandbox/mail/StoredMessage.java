package com.workestra.email.sandbox.mail;

import java.time.Instant;
import java.util.List;

/**
 * One message of a mailbox: compact metadata; generated messages have no stored bytes and are rendered on demand
 * ({@link #raw()}). Mutable state (labels, deletion) changes only under the mailbox lock.
 */
public final class StoredMessage {

    static final int FROM_OWNER = 1;
    static final int DELETED = 2;

    final Mailbox box;
    final int seq;
    final long receivedMillis;
    final int threadSeq;
    final int parentSeq;
    int flags;
    volatile List<String> labels;
    volatile long historyId;
    volatile int size;
    final byte[] stored;
    final String storedMessageId;

    StoredMessage(Mailbox box, int seq, long receivedMillis, int threadSeq, int parentSeq, int flags,
            List<String> labels, long historyId, byte[] stored, String storedMessageId) {
        this.box = box;
        this.seq = seq;
        this.receivedMillis = receivedMillis;
        this.threadSeq = threadSeq;
        this.parentSeq = parentSeq;
        this.flags = flags;
        this.labels = labels;
        this.historyId = historyId;
        this.stored = stored;
        this.storedMessageId = storedMessageId;
        this.size = stored == null ? 0 : stored.length;
    }

    /** The stable opaque immutable id (16 hex digits). */
    public String id() {
        return box.ids.id(seq);
    }

    /** The thread id: the id of the thread's first message (Gmail's convention). */
    public String threadId() {
        return box.ids.id(threadSeq);
    }

    /** The Message-ID header value with its angle brackets, e.g. {@code <abc@example.com>}. */
    public String internetMessageId() {
        return storedMessageId != null ? storedMessageId : GeneratedMail.messageId(box, this);
    }

    /** Received time (Gmail internalDate, Graph receivedDateTime). */
    public Instant received() {
        return Instant.ofEpochMilli(receivedMillis);
    }

    public long receivedMillis() {
        return receivedMillis;
    }

    /** Gmail label ids, sorted (INBOX, SENT, UNREAD, user labels...). */
    public List<String> labels() {
        return labels;
    }

    public boolean read() {
        return !labels.contains(Labels.UNREAD);
    }

    /** Graph's folder: sent items when labelled SENT, otherwise the inbox. */
    public Folder folder() {
        return labels.contains(Labels.SENT) ? Folder.SENTITEMS : Folder.INBOX;
    }

    public boolean deleted() {
        return (flags & DELETED) != 0;
    }

    /** Whether the mailbox owner wrote it. */
    public boolean fromOwner() {
        return (flags & FROM_OWNER) != 0;
    }

    /** The sequence number of the last change that touched it (Gmail message historyId). */
    public long historyId() {
        return historyId;
    }

    /** The RFC 5322 bytes (rendered on demand for generated messages; a fresh array each call). */
    public byte[] raw() {
        if (stored != null) {
            return stored.clone();
        }
        byte[] r = GeneratedMail.render(box, this);
        size = r.length;
        return r;
    }

    /** Size of the raw message in bytes (renders once for generated messages). */
    public int size() {
        int s = size;
        if (s == 0) {
            s = raw().length;
        }
        return s;
    }

    /** The mailbox it belongs to. */
    public Mailbox mailbox() {
        return box;
    }

    /** Position in the mailbox: higher is newer. */
    public int sequence() {
        return seq;
    }

    @Override
    public String toString() {
        return "StoredMessage[" + id() + " " + labels + "]";
    }
}
