package com.workestra.email.store.internal;

import com.workestra.email.store.MessageData;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Local thread of messages at ingest, per connection: the thread of a message with the same provider thread
 * (Gmail threadId, Graph conversationId), else the thread of a message named in In-Reply-To or References, else a new
 * thread. Known threads of a batch are loaded with one query per kind and chunk; messages of the same batch see each
 * other. A message that joins two existing threads goes to the first found (provider thread before references).
 */
final class Threading {

    private final Map<String, String> byProviderThread = new HashMap<>();
    private final Map<String, String> byMessageId = new HashMap<>();

    /** Loads the threads the batch can join. */
    Threading(EntityManager em, String connectionId, Collection<MessageData> batch) {
        Set<String> providerThreads = new LinkedHashSet<>();
        Set<String> referenced = new LinkedHashSet<>();
        for (MessageData m : batch) {
            String pt = providerThread(m);
            if (pt != null) {
                providerThreads.add(pt);
            }
            referenced.addAll(referencedIds(m));
        }
        for (List<String> chunk : JpaMessageStore.chunks(providerThreads)) {
            for (Object[] row : em.createQuery("SELECT m.providerThreadId, m.threadId FROM MessageEntity m"
                    + " WHERE m.connectionId = :c AND m.providerThreadId IN :ids AND m.threadId IS NOT NULL",
                    Object[].class).setParameter("c", connectionId).setParameter("ids", chunk).getResultList()) {
                byProviderThread.putIfAbsent((String) row[0], (String) row[1]);
            }
        }
        for (List<String> chunk : JpaMessageStore.chunks(referenced)) {
            for (Object[] row : em.createQuery("SELECT m.internetMessageId, m.threadId FROM MessageEntity m"
                    + " WHERE m.connectionId = :c AND m.internetMessageId IN :ids AND m.threadId IS NOT NULL",
                    Object[].class).setParameter("c", connectionId).setParameter("ids", chunk).getResultList()) {
                byMessageId.putIfAbsent((String) row[0], (String) row[1]);
            }
        }
    }

    /** The thread of this message (remembered for the rest of the batch). */
    String assign(MessageData m) {
        String providerThread = providerThread(m);
        String thread = providerThread == null ? null : byProviderThread.get(providerThread);
        if (thread == null) {
            for (String ref : referencedIds(m)) {
                thread = byMessageId.get(ref);
                if (thread != null) {
                    break;
                }
            }
        }
        if (thread == null) {
            thread = UUID.randomUUID().toString();
        }
        if (providerThread != null) {
            byProviderThread.putIfAbsent(providerThread, thread);
        }
        String own = MessageColumns.fitOrNull(m.internetMessageId(), MessageColumns.MESSAGE_ID);
        if (own != null) {
            byMessageId.putIfAbsent(own, thread);
        }
        return thread;
    }

    private static String providerThread(MessageData m) {
        return MessageColumns.fitOrNull(m.providerThreadId(), MessageColumns.THREAD_ID);
    }

    /** In-Reply-To first, then References from the nearest (last) to the root. */
    private static List<String> referencedIds(MessageData m) {
        List<String> out = new ArrayList<>();
        String inReplyTo = MessageColumns.fitOrNull(m.inReplyTo(), MessageColumns.MESSAGE_ID);
        if (inReplyTo != null) {
            out.add(inReplyTo);
        }
        List<String> refs = m.references() == null ? List.of() : m.references();
        for (int i = refs.size() - 1; i >= 0; i--) {
            String r = MessageColumns.fitOrNull(refs.get(i), MessageColumns.MESSAGE_ID);
            if (r != null && !out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }
}
