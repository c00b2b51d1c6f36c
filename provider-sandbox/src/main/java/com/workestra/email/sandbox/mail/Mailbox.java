package com.workestra.email.sandbox.mail;

import com.workestra.email.sandbox.Provider;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One account's mailbox, served by Gmail and Graph alike: messages (by sequence, newest = highest), a monotonic
 * change log with a validity floor for cursors, user labels and the list of messages sent through the API.
 * Every method is thread-safe; change listeners run after the lock is released.
 */
public final class Mailbox {

    /** First history id of a new mailbox (Gmail's are large numbers; any positive value works). */
    static final long FIRST_HISTORY_ID = 100_000L;

    final MessageIds ids;
    private final Account account;
    private final MailStore store;
    private final ArrayList<StoredMessage> bySeq = new ArrayList<>();
    private final Map<String, Integer> byMessageId = new HashMap<>();
    private final ArrayDeque<Change> log = new ArrayDeque<>();
    private final List<SentRecord> sent = new ArrayList<>();
    private final Map<String, String> userLabels = new LinkedHashMap<>();
    private long historyId = FIRST_HISTORY_ID;
    private long floor = FIRST_HISTORY_ID;
    private int live;
    private int inbox;
    private int unread;
    private int sentItems;
    private int threads;

    Mailbox(Account account, MailStore store) {
        this.account = account;
        this.store = store;
        this.ids = new MessageIds(account.address(), account.seed());
    }

    public Account account() {
        return account;
    }

    public String address() {
        return account.address();
    }

    public Provider provider() {
        return account.provider();
    }

    // ------------------------------------------------------------------ reading

    /** The current history id / change-log position (the sequence of the last change). */
    public synchronized long historyId() {
        return historyId;
    }

    /** A live (not deleted) message by id, or null. */
    public synchronized StoredMessage message(String id) {
        int seq = ids.seq(id);
        if (seq < 0 || seq >= bySeq.size()) {
            return null;
        }
        StoredMessage m = bySeq.get(seq);
        return m.deleted() ? null : m;
    }

    /** A live message by its Message-ID header value (with or without angle brackets), or null. */
    public synchronized StoredMessage byInternetMessageId(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        String mid = messageId.trim();
        if (!mid.startsWith("<")) {
            mid = "<" + mid + ">";
        }
        Integer seq = byMessageId.get(mid);
        if (seq == null) {
            seq = GeneratedMail.seqOfMessageId(this, mid);
        }
        if (seq == null || seq < 0 || seq >= bySeq.size()) {
            return null;
        }
        StoredMessage m = bySeq.get(seq);
        return m.deleted() || !m.internetMessageId().equals(mid) ? null : m;
    }

    /**
     * Live messages newest first, starting below sequence {@code beforeSeq} (exclusive; use
     * {@code Integer.MAX_VALUE} for the newest), matching {@code filter}, at most {@code limit}.
     */
    public synchronized List<StoredMessage> newestFirst(int beforeSeq, int limit, Predicate<StoredMessage> filter) {
        List<StoredMessage> out = new ArrayList<>(Math.min(limit, 1024));
        for (int i = Math.min(beforeSeq, bySeq.size()) - 1; i >= 0 && out.size() < limit; i--) {
            StoredMessage m = bySeq.get(i);
            if (!m.deleted() && filter.test(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Number of live messages matching {@code filter}. */
    public synchronized int count(Predicate<StoredMessage> filter) {
        int n = 0;
        for (StoredMessage m : bySeq) {
            if (!m.deleted() && filter.test(m)) {
                n++;
            }
        }
        return n;
    }

    /** Every live message, oldest first (O(n): prefer {@link #newestFirst} on big mailboxes). */
    public synchronized List<StoredMessage> messages() {
        List<StoredMessage> out = new ArrayList<>(live);
        for (StoredMessage m : bySeq) {
            if (!m.deleted()) {
                out.add(m);
            }
        }
        return out;
    }

    /** Live messages of one thread, oldest first. */
    public synchronized List<StoredMessage> thread(String threadId) {
        int root = ids.seq(threadId);
        List<StoredMessage> out = new ArrayList<>();
        if (root < 0 || root >= bySeq.size()) {
            return out;
        }
        for (int i = root; i < bySeq.size(); i++) {
            StoredMessage m = bySeq.get(i);
            if (m.threadSeq == root && !m.deleted()) {
                out.add(m);
            }
        }
        return out;
    }

    public synchronized int messageCount() {
        return live;
    }

    public synchronized int inboxCount() {
        return inbox;
    }

    public synchronized int unreadCount() {
        return unread;
    }

    public synchronized int sentCount() {
        return sentItems;
    }

    public synchronized int threadCount() {
        return threads;
    }

    /** Whether a cursor (history id / delta position) is still usable: nothing after it was forgotten. */
    public synchronized boolean cursorValid(long cursor) {
        prune();
        return cursor >= floor;
    }

    /**
     * Changes after {@code cursor}, oldest first; null when the cursor is older than the kept history (expired by
     * retention or {@link #expireHistory()}): Gmail answers 404, Graph 410.
     */
    public synchronized List<Change> changesSince(long cursor) {
        prune();
        if (cursor < floor) {
            return null;
        }
        List<Change> out = new ArrayList<>();
        Iterator<Change> it = log.descendingIterator();
        while (it.hasNext()) {
            Change c = it.next();
            if (c.sequence() <= cursor) {
                break;
            }
            out.add(c);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** Messages sent through the API, oldest first. */
    public synchronized List<SentRecord> sent() {
        return List.copyOf(sent);
    }

    /** User labels: id → name (Gmail Label_N ids). */
    public synchronized Map<String, String> userLabels() {
        return Map.copyOf(userLabels);
    }

    /** Creates a user label (or returns the id of the existing one with that name). */
    public synchronized String userLabel(String name) {
        for (Map.Entry<String, String> e : userLabels.entrySet()) {
            if (e.getValue().equalsIgnoreCase(name)) {
                return e.getKey();
            }
        }
        String id = "Label_" + (userLabels.size() + 1);
        userLabels.put(id, name);
        return id;
    }

    /** Whether a label id exists in this mailbox (system or user). */
    public synchronized boolean labelExists(String id) {
        return Labels.SYSTEM.contains(id) || userLabels.containsKey(id);
    }

    // ------------------------------------------------------------------ writing

    /** Delivers raw RFC 5322 bytes as a new unread inbox message, kept byte for byte; threads by In-Reply-To. */
    public StoredMessage deliver(byte[] raw) {
        StoredMessage m;
        Change c;
        synchronized (this) {
            Rfc822.Headers h = Rfc822.headers(raw);
            String mid = h.first("Message-ID");
            StoredMessage parent = parentOf(h);
            int seq = bySeq.size();
            if (mid == null || mid.isBlank()) {
                mid = "<" + ids.id(seq) + ".delivered@sandbox.invalid>";
            }
            m = add(raw, mid.trim(), parent, 0, Labels.of(List.of(Labels.INBOX, Labels.UNREAD)), null);
            c = append(m, ChangeKind.ADDED, m.labels, List.of());
        }
        store.fire(this, c);
        return m;
    }

    /** Builds a message from fields (control API) and delivers it. */
    public StoredMessage deliver(MessageSpec spec) {
        StoredMessage m;
        Change c;
        synchronized (this) {
            int seq = bySeq.size();
            StoredMessage parent = spec.inReplyTo() == null ? null : byInternetMessageId(spec.inReplyTo());
            String mid = "<" + ids.id(seq) + ".sbx@" + domainOf(spec.from()) + ">";
            List<String> refs = new ArrayList<>();
            if (parent != null) {
                Rfc822.Headers ph = Rfc822.headers(parent.raw());
                String pr = ph.first("References");
                if (pr != null) {
                    refs.addAll(List.of(pr.trim().split("\\s+")));
                }
                refs.add(parent.internetMessageId());
            } else if (spec.inReplyTo() != null) {
                String r = spec.inReplyTo().trim();
                refs.add(r.startsWith("<") ? r : "<" + r + ">");
            }
            byte[] raw = MessageBuilder.build(spec, mid, refs, store.now(), ids.hash(seq, 77));
            m = add(raw, mid, parent, 0, Labels.of(List.of(Labels.INBOX, Labels.UNREAD)), null);
            c = append(m, ChangeKind.ADDED, m.labels, List.of());
        }
        store.fire(this, c);
        return m;
    }

    /**
     * Records a message sent through a provider API: listed by {@link #sent()} with its raw bytes as given, and,
     * when {@code saveToSentItems}, stored labelled SENT (read) in the thread {@code threadId} when that is one of
     * this mailbox's threads, else in the thread its In-Reply-To names, else a new one.
     */
    public SentRecord recordSent(byte[] raw, String threadId, boolean saveToSentItems) {
        SentRecord rec;
        Change c = null;
        synchronized (this) {
            Rfc822.Headers h = Rfc822.headers(raw);
            StoredMessage parent = null;
            if (threadId != null) {
                List<StoredMessage> t = thread(threadId);
                parent = t.isEmpty() ? null : t.get(t.size() - 1);
            }
            if (parent == null) {
                parent = parentOf(h);
            }
            String id = null;
            String thread = null;
            if (saveToSentItems) {
                String mid = h.first("Message-ID");
                byte[] storedRaw = raw;
                if (mid == null || mid.isBlank()) {
                    mid = "<" + ids.id(bySeq.size()) + ".sent@" + domainOf(account.address()) + ">";
                    storedRaw = Rfc822.prependHeader(raw, "Message-ID", mid);
                }
                StoredMessage m = add(storedRaw, mid.trim(), parent, StoredMessage.FROM_OWNER,
                        Labels.of(List.of(Labels.SENT)), null);
                c = append(m, ChangeKind.ADDED, m.labels, List.of());
                id = m.id();
                thread = m.threadId();
            }
            List<String> to = new ArrayList<>();
            for (String name : List.of("To", "Cc", "Bcc")) {
                for (String v : h.all(name)) {
                    to.addAll(Rfc822.addresses(v));
                }
            }
            rec = new SentRecord(id, raw.clone(), List.copyOf(to), Rfc822.decode(h.first("Subject")), thread,
                    store.now());
            sent.add(rec);
        }
        if (c != null) {
            store.fire(this, c);
        }
        return rec;
    }

    /** Adds and removes labels (Gmail modify); null when the message does not exist. No-op changes log nothing. */
    public StoredMessage modify(String id, Collection<String> add, Collection<String> remove) {
        StoredMessage m;
        Change c = null;
        synchronized (this) {
            m = message(id);
            if (m == null) {
                return null;
            }
            List<String> before = m.labels;
            List<String> after = Labels.apply(before, add, remove);
            if (!after.equals(before)) {
                uncount(m);
                m.labels = after;
                count(m);
                c = append(m, ChangeKind.UPDATED, Labels.minus(after, before), Labels.minus(before, after));
            }
        }
        if (c != null) {
            store.fire(this, c);
        }
        return m;
    }

    /** Sets the read state (the UNREAD label); null when the message does not exist. */
    public StoredMessage setRead(String id, boolean read) {
        return read ? modify(id, List.of(), List.of(Labels.UNREAD)) : modify(id, List.of(Labels.UNREAD), List.of());
    }

    /** Deletes a message for good; false when it does not exist. */
    public boolean delete(String id) {
        Change c;
        synchronized (this) {
            StoredMessage m = message(id);
            if (m == null) {
                return false;
            }
            uncount(m);
            m.flags |= StoredMessage.DELETED;
            if (m.threadSeq == m.seq) {
                threads--;
            }
            c = append(m, ChangeKind.DELETED, List.of(), m.labels);
        }
        store.fire(this, c);
        return true;
    }

    /** Forgets all history so far: every existing cursor becomes invalid (Gmail 404, Graph 410). */
    public synchronized void expireHistory() {
        log.clear();
        floor = historyId;
    }

    // ------------------------------------------------------------------ internals

    /** Adds a generated message during account creation (no change record: it is part of the baseline). */
    synchronized StoredMessage addGenerated(long receivedMillis, int threadSeq, int parentSeq, boolean fromOwner,
            List<String> labels) {
        StoredMessage m = new StoredMessage(this, bySeq.size(), receivedMillis, threadSeq, parentSeq,
                fromOwner ? StoredMessage.FROM_OWNER : 0, labels, historyId, null, null);
        bySeq.add(m);
        count(m);
        if (threadSeq == m.seq) {
            threads++;
        }
        return m;
    }

    synchronized StoredMessage bySeq(int seq) {
        return seq >= 0 && seq < bySeq.size() ? bySeq.get(seq) : null;
    }

    synchronized void ensureCapacity(int n) {
        bySeq.ensureCapacity(n);
    }

    private StoredMessage add(byte[] raw, String messageId, StoredMessage parent, int flags, List<String> labels,
            Instant received) {
        int seq = bySeq.size();
        long at = received != null ? received.toEpochMilli() : store.now().toEpochMilli();
        StoredMessage m = new StoredMessage(this, seq, at, parent == null ? seq : parent.threadSeq,
                parent == null ? -1 : parent.seq, flags, labels, historyId + 1, raw, messageId);
        bySeq.add(m);
        byMessageId.putIfAbsent(messageId, seq);
        count(m);
        if (parent == null) {
            threads++;
        }
        return m;
    }

    private StoredMessage parentOf(Rfc822.Headers h) {
        StoredMessage p = byInternetMessageId(h.first("In-Reply-To"));
        if (p == null) {
            String refs = h.first("References");
            if (refs != null) {
                String[] r = refs.trim().split("\\s+");
                for (int i = r.length - 1; i >= 0 && p == null; i--) {
                    p = byInternetMessageId(r[i]);
                }
            }
        }
        return p;
    }

    private Change append(StoredMessage m, ChangeKind kind, List<String> added, List<String> removed) {
        prune();
        historyId++;
        m.historyId = historyId;
        Change c = new Change(historyId, m.id(), m.threadId(), kind, added, removed, m.labels, m.folder(), m.read(),
                store.now());
        log.addLast(c);
        return c;
    }

    /** Drops changes older than the retention horizon; cursors before them become invalid. */
    private void prune() {
        long horizon = store.now().minus(store.settings().historyRetention()).toEpochMilli();
        while (!log.isEmpty() && log.peekFirst().at().toEpochMilli() < horizon) {
            floor = Math.max(floor, log.removeFirst().sequence());
        }
    }

    private void count(StoredMessage m) {
        live++;
        if (m.labels.contains(Labels.INBOX)) {
            inbox++;
        }
        if (m.labels.contains(Labels.UNREAD)) {
            unread++;
        }
        if (m.labels.contains(Labels.SENT)) {
            sentItems++;
        }
    }

    private void uncount(StoredMessage m) {
        live--;
        if (m.labels.contains(Labels.INBOX)) {
            inbox--;
        }
        if (m.labels.contains(Labels.UNREAD)) {
            unread--;
        }
        if (m.labels.contains(Labels.SENT)) {
            sentItems--;
        }
    }

    static String domainOf(String address) {
        if (address == null) {
            return "sandbox.invalid";
        }
        String a = address.trim();
        int lt = a.lastIndexOf('<');
        if (lt >= 0) {
            a = a.substring(lt + 1).replace(">", "");
        }
        int at = a.lastIndexOf('@');
        return at < 0 ? "sandbox.invalid" : a.substring(at + 1).toLowerCase(Locale.ROOT).trim();
    }
}
