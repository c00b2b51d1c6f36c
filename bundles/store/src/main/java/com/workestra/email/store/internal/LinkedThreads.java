package com.workestra.email.store.internal;

import static com.workestra.email.store.internal.NativeSql.bool;
import static com.workestra.email.store.internal.NativeSql.instant;
import static com.workestra.email.store.internal.NativeSql.number;
import static com.workestra.email.store.internal.NativeSql.string;

import static com.workestra.email.store.LinkStore.EVERYTHING;
import static com.workestra.email.store.LinkStore.METADATA;
import static com.workestra.email.store.LinkStore.OWNER;

import com.workestra.email.store.LinkStore.Owner;
import com.workestra.email.store.LinkStore.PanelMessage;
import com.workestra.email.store.LinkStore.PanelThread;
import com.workestra.email.store.LinkStore.Target;
import com.workestra.email.store.LinkStore.Viewer;
import com.workestra.email.store.MessageData;
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
import java.util.Optional;
import java.util.Set;

/**
 * Aggregates the threads a panel shows, for a viewer (authorization is part of the queries and the cut happens here,
 * so nothing the viewer may not see leaves the store): a message's thread is its thread_id, else its provider thread in the mailbox,
 * else the message alone; a thread is summarized over all its live messages in that mailbox.
 */
final class LinkedThreads {

    /** Most linked messages a panel aggregates for one record. */
    static final int MAX_LINKED = 5000;

    private LinkedThreads() {
    }

    /** A thread found for a viewer: its mailbox, its key, its live messages and the viewer's access. */
    private record Found(String connectionId, String key, List<Object[]> messages, Owner owner, String access) {
    }

    /** The threads the viewer may see containing a message linked to the target, newest first. */
    static List<ThreadRow> threads(EntityManager em, Viewer viewer, Target target, int max) {
        List<Found> found = find(em, viewer, target);
        List<String> ids = found.stream().flatMap(f -> f.messages().stream()).map(r -> string(r[0])).toList();
        Map<String, List<String>> addresses = participants(em, ids);
        List<ThreadRow> out = new ArrayList<>();
        for (Found f : found) {
            out.add(summary(f, addresses));
        }
        out.sort(Comparator.comparing((ThreadRow r) -> r.lastMessageAt() == null ? Instant.EPOCH
                : r.lastMessageAt()).thenComparing(ThreadRow::threadId).thenComparing(ThreadRow::connectionId).reversed());
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** One thread the viewer may see, with its messages cut to the viewer's access. */
    static Optional<PanelThread> thread(EntityManager em, Viewer viewer, Target target, String threadId) {
        for (Found f : find(em, viewer, target)) {
            List<Object[]> sorted = sorted(f.messages());
            String id = string(sorted.get(0)[1]) != null ? string(sorted.get(0)[1]) : string(sorted.get(0)[0]);
            if (!id.equals(threadId)) {
                continue;
            }
            List<String> ids = sorted.stream().map(r -> string(r[0])).toList();
            ThreadRow summary = summary(f, participants(em, ids));
            boolean bodies = OWNER.equals(f.access()) || EVERYTHING.equals(f.access());
            boolean subject = !METADATA.equals(f.access());
            Map<String, Object[]> content = new HashMap<>();
            Map<String, Map<String, List<MessageData.Address>>> people = new HashMap<>();
            Map<String, List<MessageData.Attachment>> files = new HashMap<>();
            for (List<String> chunk : JpaMessageStore.chunks(ids)) {
                for (Object[] r : new NativeSql("SELECT id, from_address, from_name, text_body, html_body FROM"
                        + " email_message WHERE id IN ").in(chunk).rows(em, 0)) {
                    content.put(string(r[0]), r);
                }
                for (Object[] a : new NativeSql("SELECT message_id, kind, address, name FROM email_message_address"
                        + " WHERE kind IN ('to', 'cc') AND message_id IN ").in(chunk)
                        .sql(" ORDER BY message_id, kind, pos").rows(em, 0)) {
                    people.computeIfAbsent(string(a[0]), k -> new HashMap<>())
                            .computeIfAbsent(string(a[1]), k -> new ArrayList<>())
                            .add(new MessageData.Address(string(a[2]), string(a[3])));
                }
                if (bodies) {
                    for (Object[] a : new NativeSql("SELECT message_id, part_id, filename, content_type, size_bytes,"
                            + " content_id, is_inline, kind FROM email_attachment WHERE message_id IN ").in(chunk)
                            .sql(" ORDER BY message_id, part_id").rows(em, 0)) {
                        files.computeIfAbsent(string(a[0]), k -> new ArrayList<>()).add(new MessageData.Attachment(
                                string(a[1]), string(a[2]), string(a[3]), number(a[4]), string(a[5]), bool(a[6]),
                                string(a[7]) != null ? string(a[7]) : bool(a[6]) ? "inline" : "file"));
                    }
                }
            }
            List<PanelMessage> messages = new ArrayList<>();
            for (Object[] r : sorted) {
                String mid = string(r[0]);
                Object[] c = content.get(mid);
                Map<String, List<MessageData.Address>> p = people.getOrDefault(mid, Map.of());
                messages.add(new PanelMessage(mid, subject ? string(r[3]) : null,
                        c == null || string(c[1]) == null ? null : new MessageData.Address(string(c[1]), string(c[2])),
                        p.getOrDefault("to", List.of()), p.getOrDefault("cc", List.of()), instant(r[4]), bool(r[6]),
                        bodies && c != null ? string(c[3]) : null, bodies && c != null ? string(c[4]) : null,
                        bodies ? files.getOrDefault(mid, List.of()) : List.of()));
            }
            return Optional.of(new PanelThread(summary, messages));
        }
        return Optional.empty();
    }

    /** Steps 1 and 2: the visible (mailbox, thread) keys of the linked messages, then every live message of them. */
    private static List<Found> find(EntityManager em, Viewer viewer, Target target) {
        Map<String, Set<String>> keysByConnection = new LinkedHashMap<>();
        Map<String, Object[]> mailboxes = new HashMap<>();
        for (Object[] r : JpaLinkStore.visibleLinkedQuery("SELECT DISTINCT m.connection_id, m.thread_id,"
                + " m.provider_thread_id, m.id, c.user_id, c.visibility, c.kind, c.intake_module, c.address,"
                + " c.display_name FROM email_message m JOIN email_connection c ON c.id = m.connection_id", viewer,
                target).rows(em, MAX_LINKED)) {
            keysByConnection.computeIfAbsent(string(r[0]), k -> new LinkedHashSet<>())
                    .add(key(string(r[1]), string(r[2]), string(r[3])));
            mailboxes.putIfAbsent(string(r[0]), r);
        }
        List<Found> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : keysByConnection.entrySet()) {
            Object[] c = mailboxes.get(e.getKey());
            Owner owner = new Owner(string(c[4]), string(c[8]), string(c[9]), string(c[6]));
            String access = JpaLinkStore.access(viewer, target, string(c[4]), string(c[5]), string(c[6]),
                    string(c[7]));
            Map<String, List<Object[]>> threads = new LinkedHashMap<>();
            for (List<String> chunk : JpaMessageStore.chunks(e.getValue())) {
                for (Object[] r : threadMessages(em, e.getKey(), chunk)) {
                    String k = key(string(r[1]), string(r[2]), string(r[0]));
                    if (e.getValue().contains(k)) {
                        threads.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
                    }
                }
            }
            threads.forEach((k, rows) -> out.add(new Found(e.getKey(), k, rows, owner, access)));
        }
        return out;
    }

    /** Step 3: participants from the address rows, sortable by kind and position. */
    private static Map<String, List<String>> participants(EntityManager em, List<String> ids) {
        Map<String, List<String>> addresses = new HashMap<>();
        for (List<String> chunk : JpaMessageStore.chunks(ids)) {
            for (Object[] a : new NativeSql("SELECT message_id, kind, pos, address FROM email_message_address"
                    + " WHERE kind IN ('from', 'to', 'cc') AND message_id IN ").in(chunk).rows(em, 0)) {
                addresses.computeIfAbsent(string(a[0]), x -> new ArrayList<>())
                        .add(kindOrder(string(a[1])) + ":" + String.format("%06d", number(a[2])) + ":"
                                + string(a[3]));
            }
        }
        return addresses;
    }

    private static List<Object[]> sorted(List<Object[]> messages) {
        List<Object[]> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing((Object[] r) -> instant(r[4]) == null ? Instant.EPOCH : instant(r[4]))
                .thenComparing(r -> string(r[0])));
        return sorted;
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

    private static ThreadRow summary(Found f, Map<String, List<String>> addresses) {
        List<Object[]> sorted = sorted(f.messages());
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
        boolean owner = OWNER.equals(f.access());
        // cut in the store: what the access does not allow never leaves it
        String subject = METADATA.equals(f.access()) ? null : string(first[3]);
        String snippet = owner || EVERYTHING.equals(f.access()) ? string(last[7]) : null;
        return new ThreadRow(threadId, f.connectionId(), subject, List.copyOf(participants), instant(last[4]),
                sorted.size(), owner && unread, snippet, f.owner(), f.access());
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
