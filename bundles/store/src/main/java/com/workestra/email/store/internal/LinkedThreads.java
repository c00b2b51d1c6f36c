package com.workestra.email.store.internal;

import static com.workestra.email.store.internal.NativeSql.bool;
import static com.workestra.email.store.internal.NativeSql.instant;
import static com.workestra.email.store.internal.NativeSql.number;
import static com.workestra.email.store.internal.NativeSql.string;

import com.workestra.email.store.LinkStore.Target;
import com.workestra.email.store.LinkStore.ThreadRow;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aggregates the threads a panel shows: a message's thread is its thread_id, else its provider thread in the mailbox,
 * else the message alone; a thread is summarized over all its live messages in that mailbox.
 */
final class LinkedThreads {

    /** Most linked messages a panel aggregates for one record. */
    static final int MAX_LINKED = 5000;

    private LinkedThreads() {
    }

    /** The threads of the user's own mailboxes containing a message linked to the target, newest first. */
    static List<ThreadRow> threads(EntityManager em, String workspaceId, String userId, Target target, int max) {
        // 1. the (mailbox, thread) keys of the linked messages the user may read
        Map<String, Set<String>> keysByConnection = new LinkedHashMap<>();
        for (Object[] r : JpaLinkStore.linkedQuery("SELECT DISTINCT m.connection_id, m.thread_id,"
                + " m.provider_thread_id, m.id FROM email_message m JOIN email_connection c"
                + " ON c.id = m.connection_id", workspaceId, userId, target).rows(em, MAX_LINKED)) {
            keysByConnection.computeIfAbsent(string(r[0]), k -> new LinkedHashSet<>())
                    .add(key(string(r[1]), string(r[2]), string(r[3])));
        }
        // 2. every live message of those threads
        Map<String, List<Object[]>> threads = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : keysByConnection.entrySet()) {
            for (List<String> chunk : JpaMessageStore.chunks(e.getValue())) {
                for (Object[] r : threadMessages(em, e.getKey(), chunk)) {
                    String k = key(string(r[1]), string(r[2]), string(r[0]));
                    if (e.getValue().contains(k)) {
                        threads.computeIfAbsent(e.getKey() + "\n" + k, x -> new ArrayList<>()).add(r);
                    }
                }
            }
        }
        // 3. participants from the address rows
        List<String> ids = threads.values().stream().flatMap(List::stream).map(r -> string(r[0])).toList();
        Map<String, List<String>> addresses = new HashMap<>();
        for (List<String> chunk : JpaMessageStore.chunks(ids)) {
            for (Object[] a : new NativeSql("SELECT message_id, kind, pos, address FROM email_message_address"
                    + " WHERE kind IN ('from', 'to', 'cc') AND message_id IN ").in(chunk).rows(em, 0)) {
                addresses.computeIfAbsent(string(a[0]), x -> new ArrayList<>())
                        .add(kindOrder(string(a[1])) + ":" + String.format("%06d", number(a[2])) + ":"
                                + string(a[3]));
            }
        }
        List<ThreadRow> out = new ArrayList<>();
        for (Map.Entry<String, List<Object[]>> t : threads.entrySet()) {
            out.add(summary(t.getKey().substring(0, t.getKey().indexOf('\n')), t.getValue(), addresses));
        }
        out.sort(Comparator.comparing((ThreadRow r) -> r.lastMessageAt() == null ? Instant.EPOCH
                : r.lastMessageAt()).thenComparing(ThreadRow::threadId).thenComparing(ThreadRow::connectionId).reversed());
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** Columns: id, thread_id, provider_thread_id, subject, received_at, is_read, in_sent, snippet. */
    private static List<Object[]> threadMessages(EntityManager em, String connectionId, List<String> keys) {
        List<String> threadIds = new ArrayList<>();
        List<String> providerIds = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        for (String k : keys) {
            String v = k.substring(2);
            switch (k.charAt(0)) {
                case 't' -> threadIds.add(v);
                case 'p' -> providerIds.add(v);
                default -> messageIds.add(v);
            }
        }
        NativeSql q = new NativeSql("SELECT m.id, m.thread_id, m.provider_thread_id, m.subject, m.received_at,"
                + " m.is_read, m.in_sent, m.snippet FROM email_message m WHERE m.connection_id = ").value(connectionId)
                .sql(" AND m.deleted = FALSE AND (");
        String or = "";
        if (!threadIds.isEmpty()) {
            q.sql("m.thread_id IN ").in(threadIds);
            or = " OR ";
        }
        if (!providerIds.isEmpty()) {
            q.sql(or).sql("m.provider_thread_id IN ").in(providerIds);
            or = " OR ";
        }
        if (!messageIds.isEmpty()) {
            q.sql(or).sql("m.id IN ").in(messageIds);
        }
        return q.sql(")").rows(em, 0);
    }

    private static ThreadRow summary(String connectionId, List<Object[]> messages,
            Map<String, List<String>> addresses) {
        List<Object[]> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing((Object[] r) -> instant(r[4]) == null ? Instant.EPOCH : instant(r[4]))
                .thenComparing(r -> string(r[0])));
        Object[] first = sorted.get(0);
        Object[] last = sorted.get(sorted.size() - 1);
        LinkedHashSet<String> participants = new LinkedHashSet<>();
        boolean unread = false;
        for (Object[] r : sorted) {
            addresses.getOrDefault(string(r[0]), List.of()).stream().sorted()
                    .forEach(a -> participants.add(a.substring(a.indexOf(':', 2) + 1)));
            unread |= !bool(r[5]) && !bool(r[6]);
        }
        String threadId = string(first[1]) != null ? string(first[1]) : string(first[0]);
        return new ThreadRow(threadId, connectionId, string(first[3]), List.copyOf(participants), instant(last[4]),
                sorted.size(), unread, string(last[7]));
    }

    private static int kindOrder(String kind) {
        return switch (kind) {
            case "from" -> 0;
            case "to" -> 1;
            default -> 2;
        };
    }

    /** The thread a message belongs to: thread_id, else the provider's thread in the mailbox, else itself. */
    private static String key(String threadId, String providerThreadId, String id) {
        return threadId != null ? "t:" + threadId : providerThreadId != null ? "p:" + providerThreadId : "m:" + id;
    }

}
