package com.workestra.email.store.internal;

import com.workestra.email.store.LinkStore;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageState;
import com.workestra.email.store.MessageStore;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@link MessageStore} on JPA: one transaction per call, existing rows of a batch loaded with one IN query per chunk,
 * state changes and deletions as set-based updates, writes JDBC-batched by EclipseLink.
 *
 * <p>Order inside {@link #apply}: upserts, then states, then deletions, then the cursor; within each collection the
 * last entry for a provider id wins. Counts: {@code inserted} new rows; {@code updated} existing rows whose stored
 * content, addresses, attachments, state or deletion flag changed (each row at most once; an upsert identical to
 * the stored row, or a state equal to the stored one, is not counted and does not touch {@code updated_at});
 * {@code deleted} live rows flagged deleted. Stored values are normalized first ({@link MessageColumns}), so
 * "identical" means identical after normalization.
 */
final class JpaMessageStore implements MessageStore {

    /** Most values bound in one IN list. */
    static final int CHUNK = 500;

    /** Provider id prefix of a local sent copy whose provider copy is not known yet. */
    static final String LOCAL_PREFIX = "local:";

    private static final String FROM = "from";
    private static final String TO = "to";
    private static final String CC = "cc";
    private static final String BCC = "bcc";

    private final Tx tx;
    private final Clock clock;
    private final BulkStatistics statistics;
    private final boolean asyncCommit;
    private final MessageFailures failures;

    JpaMessageStore(Tx tx) {
        this(tx, Clock.systemUTC());
    }

    JpaMessageStore(Tx tx, Clock clock) {
        this(tx, clock, new BulkStatistics(false));
    }

    JpaMessageStore(Tx tx, Clock clock, BulkStatistics statistics) {
        this(tx, clock, statistics, false);
    }

    /**
     * @param asyncCommit whether {@link #apply} commits without waiting for the write-ahead log to reach the disk
     *     (PostgreSQL's {@code synchronous_commit = off} for that transaction only)
     */
    JpaMessageStore(Tx tx, Clock clock, BulkStatistics statistics, boolean asyncCommit) {
        this.tx = tx;
        this.clock = clock;
        this.statistics = statistics;
        this.asyncCommit = asyncCommit;
        this.failures = new MessageFailures(tx);
    }

    @Override
    public int recordFailure(String connectionId, String providerId, String reason, Instant at, int setAsideAfter) {
        return failures.record(connectionId, providerId, reason, at, setAsideAfter);
    }

    @Override
    public Set<String> setAside(String connectionId, Collection<String> providerIds) {
        return failures.setAside(connectionId, providerIds);
    }

    @Override
    public List<MessageFailure> failures(int limit) {
        return failures.list(limit);
    }

    @Override
    public Set<String> known(String connectionId, Collection<String> providerIds) {
        Map<String, List<String>> byStored = new LinkedHashMap<>();
        for (String id : providerIds) {
            if (id != null) {
                byStored.computeIfAbsent(providerId(id), k -> new ArrayList<>(1)).add(id);
            }
        }
        if (byStored.isEmpty()) {
            return Set.of();
        }
        return tx.call(em -> {
            Set<String> out = new HashSet<>();
            for (List<String> chunk : chunks(byStored.keySet())) {
                for (String stored : em.createQuery("SELECT m.providerId FROM MessageEntity m WHERE"
                        + " m.connectionId = :c AND m.deleted = FALSE AND m.providerId IN :ids", String.class)
                        .setParameter("c", connectionId).setParameter("ids", chunk).getResultList()) {
                    out.addAll(byStored.getOrDefault(stored, List.of()));
                }
            }
            return out;
        });
    }

    @Override
    public int reconcile(String connectionId, Instant since, Collection<String> seenProviderIds, String newCursor) {
        Set<String> seen = new HashSet<>();
        for (String id : seenProviderIds) {
            seen.add(providerId(id));
        }
        Instant now = MessageColumns.instant(clock.instant());
        Instant from = MessageColumns.instant(since);
        return tx.call(em -> {
            List<String> gone = em.createQuery("SELECT m.providerId FROM MessageEntity m WHERE m.connectionId = :c"
                    + " AND m.deleted = FALSE AND m.receivedAt >= :since", String.class)
                    .setParameter("c", connectionId).setParameter("since", from).getResultList().stream()
                    .filter(id -> !seen.contains(id)).toList();
            int deleted = 0;
            for (List<String> chunk : chunks(gone)) {
                deleted += em.createQuery("UPDATE MessageEntity m SET m.deleted = TRUE, m.updatedAt = :now"
                        + " WHERE m.connectionId = :c AND m.deleted = FALSE AND m.providerId IN :ids")
                        .setParameter("now", now).setParameter("c", connectionId).setParameter("ids", chunk)
                        .executeUpdate();
            }
            if (newCursor != null) {
                writeCursor(em, connectionId, newCursor, now);
            }
            return deleted;
        });
    }

    @Override
    public ApplyResult apply(String connectionId, Collection<MessageData> messages, Collection<MessageState> states,
            Collection<String> deletedProviderIds, String newCursor) {
        Objects.requireNonNull(connectionId, "connectionId");
        if (newCursor != null && newCursor.length() > MessageColumns.CURSOR) {
            // a cut cursor would silently skip or repeat mail: refuse the batch before writing anything
            throw new IllegalArgumentException("Sync cursor longer than " + MessageColumns.CURSOR + " characters.");
        }
        Map<String, MessageData> upserts = new LinkedHashMap<>();
        for (MessageData m : orEmpty(messages)) {
            upserts.put(providerId(requireProviderId(m.providerId())), m);
        }
        Map<String, MessageState> changes = new LinkedHashMap<>();
        for (MessageState s : orEmpty(states)) {
            changes.put(providerId(requireProviderId(s.providerId())), s);
        }
        Set<String> deletions = new HashSet<>();
        for (String id : orEmpty(deletedProviderIds)) {
            deletions.add(providerId(requireProviderId(id)));
        }
        if (upserts.isEmpty() && changes.isEmpty() && deletions.isEmpty() && newCursor == null) {
            return new ApplyResult(0, 0, 0);
        }
        Instant now = MessageColumns.instant(clock.instant());
        ApplyResult result = tx.call(em -> {
            if (asyncCommit) {
                // everything apply writes comes from the provider, in one transaction with the cursor (or backfill
                // position) that covers it: if the database crashed before the commit reached the disk, rows and
                // cursor would be lost together and the next sync would fetch them again. Nothing is lost and the
                // page does not wait for a disk flush (the next durable commit flushes this one with it).
                em.createNativeQuery("SET LOCAL synchronous_commit = off").executeUpdate();
            }
            int[] counts = upsert(em, connectionId, upserts, changes, now);
            counts[1] += updateStates(em, connectionId, changes, upserts.keySet(), now);
            int deleted = 0;
            for (List<String> chunk : chunks(deletions)) {
                deleted += em.createQuery("UPDATE MessageEntity m SET m.deleted = TRUE, m.updatedAt = :now"
                        + " WHERE m.connectionId = :c AND m.deleted = FALSE AND m.providerId IN :ids")
                        .setParameter("now", now).setParameter("c", connectionId).setParameter("ids", chunk)
                        .executeUpdate();
            }
            if (newCursor != null) {
                writeCursor(em, connectionId, newCursor, now);
            }
            return new ApplyResult(counts[0], counts[1], deleted);
        });
        statistics.inserted(result.inserted(), tx);
        return result;
    }

    /** Called after a transaction that imported messages through {@link #apply} committed. */
    void committed() {
        statistics.inserted(0, tx);
    }

    @Override
    public Optional<String> cursor(String connectionId) {
        return tx.call(em -> Optional.ofNullable(em.find(SyncStateEntity.class, connectionId)).map(s -> s.cursor));
    }

    @Override
    public void resetCursor(String connectionId) {
        tx.call(em -> {
            SyncStateEntity s = em.find(SyncStateEntity.class, connectionId);
            if (s != null && s.cursor != null) {
                s.cursor = null;
                s.updatedAt = MessageColumns.instant(clock.instant());
            }
            return null;
        });
    }

    @Override
    public Counts counts(String connectionId) {
        return tx.call(em -> {
            // native: EclipseLink renders boolean literals inside CASE as integers, which H2 2.x refuses
            Object[] row = (Object[]) em.createNativeQuery("SELECT COUNT(*),"
                    + " SUM(CASE WHEN is_read = FALSE AND in_sent = FALSE THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN in_sent = TRUE THEN 1 ELSE 0 END)"
                    + " FROM email_message WHERE connection_id = ? AND deleted = FALSE")
                    .setParameter(1, connectionId).getSingleResult();
            return new Counts(number(row[0]), number(row[1]), number(row[2]));
        });
    }

    @Override
    public void addSentCopy(String connectionId, String messageId, MessageData data) {
        addSentCopy(connectionId, messageId, data, null, List.of());
    }

    @Override
    public void addSentCopy(String connectionId, String messageId, MessageData data, String workspaceId,
            Collection<LinkStore.Target> links) {
        Objects.requireNonNull(messageId, "messageId");
        Instant now = MessageColumns.instant(clock.instant());
        tx.call(em -> {
            if (em.find(MessageEntity.class, messageId) != null) {
                return null;
            }
            MessageEntity e = row(data);
            e.id = messageId;
            e.connectionId = connectionId;
            e.providerId = LOCAL_PREFIX + messageId;
            // the sent copy joins its thread at once (provider thread id, In-Reply-To/References)
            e.threadId = new Threading(em, connectionId, java.util.List.of(data)).assign(data);
            e.createdAt = now;
            e.updatedAt = now;
            em.persist(e);
            em.flush();
            addresses(data, messageId).forEach(em::persist);
            attachments(data, messageId).forEach(em::persist);
            for (LinkStore.Target t : new java.util.LinkedHashSet<>(links)) {
                new NativeSql("INSERT INTO email_link (message_id, workspace_id, module, object_type, object_id,"
                        + " source, created_at) VALUES (").value(messageId).sql(", ").value(workspaceId).sql(", ")
                        .value(t.module()).sql(", ").value(t.objectType()).sql(", ").value(t.objectId()).sql(", ")
                        .value(LinkStore.SOURCE_EXPLICIT).sql(", ").value(now).sql(")").query(em).executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void adoptSentCopy(String connectionId, String messageId, String providerId) {
        String stored = providerId(requireProviderId(providerId));
        Instant now = MessageColumns.instant(clock.instant());
        tx.call(em -> {
            MessageEntity local = em.find(MessageEntity.class, messageId);
            if (local == null || !connectionId.equals(local.connectionId)
                    || !local.providerId.startsWith(LOCAL_PREFIX)) {
                return null;
            }
            boolean synced = !em.createQuery("SELECT m.id FROM MessageEntity m WHERE m.connectionId = :c"
                    + " AND m.providerId = :p", String.class).setParameter("c", connectionId)
                    .setParameter("p", stored).getResultList().isEmpty();
            if (synced) {
                local.deleted = true;
            } else {
                local.providerId = stored;
            }
            local.updatedAt = now;
            return null;
        });
    }

    @Override
    public void discardSentCopy(String connectionId, String messageId) {
        Instant now = MessageColumns.instant(clock.instant());
        tx.call(em -> em.createQuery("UPDATE MessageEntity m SET m.deleted = TRUE, m.updatedAt = :now WHERE m.id = :id"
                + " AND m.connectionId = :c AND m.providerId LIKE :local AND m.deleted = FALSE")
                .setParameter("now", now).setParameter("id", messageId).setParameter("c", connectionId)
                .setParameter("local", LOCAL_PREFIX + "%").executeUpdate());
    }

    @Override
    public Optional<ReplyTarget> replyTarget(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        return tx.call(em -> Optional.ofNullable(em.find(MessageEntity.class, messageId)).map(m -> new ReplyTarget(
                m.id, m.connectionId, m.providerThreadId, m.internetMessageId,
                m.referencesIds == null ? List.of() : List.of(m.referencesIds.split(" ")), m.subject,
                m.fromAddress, m.providerId)));
    }

    /**
     * Local sent copies (placeholder provider id) whose internet message id arrives in this batch in the sent folder
     * take the provider id of the arriving message, so the upsert updates them instead of inserting a duplicate.
     */
    private static void adoptLocalCopies(EntityManager em, String connectionId, Map<String, MessageData> upserts) {
        Map<String, String> byMessageId = new HashMap<>();
        upserts.forEach((providerId, m) -> {
            String mid = MessageColumns.fitOrNull(m.internetMessageId(), MessageColumns.MESSAGE_ID);
            // only the provider's Sent Items copies can be a local sent copy: other batches cost no query
            boolean sent = m.folders() != null && m.folders().stream().anyMatch("sent"::equalsIgnoreCase);
            if (mid != null && sent && !providerId.startsWith(LOCAL_PREFIX)) {
                byMessageId.putIfAbsent(mid, providerId);
            }
        });
        if (byMessageId.isEmpty()) {
            return;
        }
        boolean adopted = false;
        for (List<String> chunk : chunks(byMessageId.keySet())) {
            for (MessageEntity local : em.createQuery("SELECT m FROM MessageEntity m WHERE m.connectionId = :c"
                    + " AND m.providerId LIKE :local AND m.internetMessageId IN :ids", MessageEntity.class)
                    .setParameter("c", connectionId).setParameter("local", LOCAL_PREFIX + "%")
                    .setParameter("ids", chunk).getResultList()) {
                local.providerId = byMessageId.get(local.internetMessageId);
                adopted = true;
            }
        }
        if (adopted) {
            em.flush();
        }
    }

    @Override
    public List<PendingRepair> pendingRepairs(int limit) {
        return tx.call(em -> new NativeSql("SELECT connection_id, after_id FROM email_reparse WHERE finished_at IS NULL"
                + " ORDER BY updated_at NULLS FIRST, connection_id").rows(em, limit).stream()
                .map(r -> new PendingRepair((String) r[0], (String) r[1])).toList());
    }

    @Override
    public List<StoredAddresses> repairPage(String connectionId, String afterId, int limit) {
        return tx.call(em -> {
            NativeSql q = new NativeSql("SELECT id, provider_id FROM email_message WHERE connection_id = ")
                    .value(connectionId).sql(" AND deleted = FALSE AND provider_id NOT LIKE 'local:%'");
            if (afterId != null) {
                q.sql(" AND id > ").value(afterId);
            }
            List<Object[]> rows = q.sql(" ORDER BY id").rows(em, limit);
            if (rows.isEmpty()) {
                return List.<StoredAddresses>of();
            }
            Map<String, List<MessageData.Address>> byMessage = new HashMap<>();
            for (Object[] a : new NativeSql("SELECT message_id, address, name FROM email_message_address"
                    + " WHERE message_id IN ").in(rows.stream().map(r -> r[0]).toList())
                    .sql(" ORDER BY message_id, kind, pos").rows(em, 0)) {
                byMessage.computeIfAbsent((String) a[0], k -> new ArrayList<>())
                        .add(new MessageData.Address((String) a[1], (String) a[2]));
            }
            return rows.stream().map(r -> new StoredAddresses((String) r[0], (String) r[1],
                    byMessage.getOrDefault((String) r[0], List.of()))).toList();
        });
    }

    @Override
    public void repairProgress(String connectionId, String afterId, int checked, int repaired, boolean finished,
            Collection<String> relinkMessageIds) {
        Instant now = MessageColumns.instant(clock.instant());
        tx.call(em -> {
            new NativeSql("UPDATE email_reparse SET after_id = ").value(afterId).sql(", checked = checked + ")
                    .value(checked).sql(", repaired = repaired + ").value(repaired).sql(", finished_at = ")
                    .value(finished ? now : null).sql(", updated_at = ").value(now).sql(" WHERE connection_id = ")
                    .value(connectionId).query(em).executeUpdate();
            if (!relinkMessageIds.isEmpty()) {
                // created_at is the linker walker's position: the repaired messages are walked (linked) again
                new NativeSql("UPDATE email_message SET created_at = ").value(now).sql(" WHERE id IN ")
                        .in(relinkMessageIds).query(em).executeUpdate();
            }
            return null;
        });
    }

    /** Inserts or updates the upserted messages (states of these rows applied in memory); returns {inserted, updated}. */
    private int[] upsert(EntityManager em, String connectionId, Map<String, MessageData> upserts,
            Map<String, MessageState> changes, Instant now) {
        int inserted = 0;
        int updated = 0;
        if (upserts.isEmpty()) {
            return new int[] {0, 0};
        }
        adoptLocalCopies(em, connectionId, upserts);
        Map<String, MessageEntity> existing = new HashMap<>();
        for (List<String> chunk : chunks(upserts.keySet())) {
            for (MessageEntity e : em.createQuery("SELECT m FROM MessageEntity m WHERE m.connectionId = :c"
                    + " AND m.providerId IN :ids", MessageEntity.class).setParameter("c", connectionId)
                    .setParameter("ids", chunk).getResultList()) {
                existing.put(e.providerId, e);
            }
        }
        List<String> existingIds = existing.values().stream().map(e -> e.id).toList();
        Map<String, List<MessageAddressEntity>> oldAddresses = children(em, "MessageAddressEntity",
                MessageAddressEntity.class, existingIds, a -> a.messageId);
        Map<String, List<AttachmentEntity>> oldAttachments = children(em, "AttachmentEntity", AttachmentEntity.class,
                existingIds, a -> a.messageId);

        Threading threads = new Threading(em, connectionId, upserts.values());
        List<Runnable> childWrites = new ArrayList<>();
        for (Map.Entry<String, MessageData> entry : upserts.entrySet()) {
            MessageData data = entry.getValue();
            MessageEntity fresh = row(data);
            MessageState state = changes.get(entry.getKey());
            if (state != null) {
                applyState(fresh, state);
            }
            MessageEntity e = existing.get(entry.getKey());
            if (e == null) {
                fresh.id = UUID.randomUUID().toString();
                fresh.connectionId = connectionId;
                fresh.providerId = entry.getKey();
                fresh.createdAt = now;
                fresh.updatedAt = now;
                fresh.threadId = threads.assign(data);
                em.persist(fresh);
                String id = fresh.id;
                childWrites.add(() -> {
                    addresses(data, id).forEach(em::persist);
                    attachments(data, id).forEach(em::persist);
                });
                inserted++;
            } else {
                boolean changed = e.deleted || !e.sameContent(fresh);
                List<MessageAddressEntity> newAddresses = addresses(data, e.id);
                List<AttachmentEntity> newAttachments = attachments(data, e.id);
                List<MessageAddressEntity> oldA = oldAddresses.getOrDefault(e.id, List.of());
                List<AttachmentEntity> oldT = oldAttachments.getOrDefault(e.id, List.of());
                changed |= !sameAddresses(oldA, newAddresses) || !sameAttachments(oldT, newAttachments);
                if (e.threadId == null) {
                    e.threadId = threads.assign(data);
                }
                if (changed) {
                    e.copyContent(fresh);
                    e.deleted = false;
                    e.updatedAt = now;
                    childWrites.add(() -> {
                        replaceAddresses(em, oldA, newAddresses);
                        replaceAttachments(em, oldT, newAttachments);
                    });
                    updated++;
                }
            }
        }
        // parents first: EclipseLink cannot order rows of entities without relationship mappings
        em.flush();
        if (!childWrites.isEmpty()) {
            childWrites.forEach(Runnable::run);
            em.flush();
        }
        return new int[] {inserted, updated};
    }

    /**
     * State changes of rows not upserted in this batch, as one update per distinct (read, folders) value, touching
     * only live rows that differ; returns the rows changed.
     */
    private static int updateStates(EntityManager em, String connectionId, Map<String, MessageState> changes,
            Set<String> upserted, Instant now) {
        Map<List<Object>, List<String>> groups = new LinkedHashMap<>();
        changes.forEach((id, s) -> {
            if (!upserted.contains(id)) {
                String folders = s.folders() == null ? null : MessageColumns.folders(s.folders());
                List<Object> key = new ArrayList<>(2);
                key.add(s.read());
                key.add(folders);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
            }
        });
        int updated = 0;
        for (Map.Entry<List<Object>, List<String>> g : groups.entrySet()) {
            boolean read = (Boolean) g.getKey().get(0);
            String folders = (String) g.getKey().get(1);
            for (List<String> chunk : chunks(g.getValue())) {
                if (folders == null) {
                    updated += em.createQuery("UPDATE MessageEntity m SET m.read = :r, m.updatedAt = :now"
                            + " WHERE m.connectionId = :c AND m.deleted = FALSE AND m.providerId IN :ids"
                            + " AND m.read <> :r").setParameter("r", read).setParameter("now", now)
                            .setParameter("c", connectionId).setParameter("ids", chunk).executeUpdate();
                } else {
                    boolean sent = inSent(folders);
                    updated += em.createQuery("UPDATE MessageEntity m SET m.read = :r, m.folders = :f,"
                            + " m.inSent = :s, m.updatedAt = :now WHERE m.connectionId = :c AND m.deleted = FALSE"
                            + " AND m.providerId IN :ids AND (m.read <> :r OR m.inSent <> :s OR m.folders IS NULL"
                            + " OR m.folders <> :f)").setParameter("r", read).setParameter("f", folders)
                            .setParameter("s", sent).setParameter("now", now).setParameter("c", connectionId)
                            .setParameter("ids", chunk).executeUpdate();
                }
            }
        }
        return updated;
    }

    private static void writeCursor(EntityManager em, String connectionId, String cursor, Instant now) {
        SyncStateEntity s = em.find(SyncStateEntity.class, connectionId);
        if (s == null) {
            s = new SyncStateEntity();
            s.connectionId = connectionId;
            s.cursor = cursor;
            s.updatedAt = now;
            em.persist(s);
        } else if (!cursor.equals(s.cursor)) {
            s.cursor = cursor;
            s.updatedAt = now;
        }
    }

    /** The normalized content columns of a message (no id, connection or timestamps). */
    private static MessageEntity row(MessageData m) {
        MessageEntity e = new MessageEntity();
        e.providerThreadId = MessageColumns.fitOrNull(m.providerThreadId(), MessageColumns.THREAD_ID);
        e.internetMessageId = MessageColumns.fitOrNull(m.internetMessageId(), MessageColumns.MESSAGE_ID);
        e.inReplyTo = MessageColumns.fitOrNull(m.inReplyTo(), MessageColumns.MESSAGE_ID);
        e.referencesIds = MessageColumns.references(m.references());
        e.subject = MessageColumns.fit(m.subject(), MessageColumns.SUBJECT);
        MessageData.Address from = m.from();
        e.fromAddress = from == null ? null : address(from.address());
        e.fromName = e.fromAddress == null ? null : MessageColumns.fitOrNull(from.name(), MessageColumns.NAME);
        e.receivedAt = MessageColumns.instant(m.receivedAt());
        e.folders = MessageColumns.folders(m.folders());
        e.read = m.read();
        e.inSent = inSent(e.folders);
        e.snippet = MessageColumns.fit(m.snippet(), MessageColumns.SNIPPET);
        e.textBody = MessageColumns.fit(m.textBody(), Integer.MAX_VALUE);
        e.htmlBody = MessageColumns.fit(m.htmlBody(), Integer.MAX_VALUE);
        e.sizeBytes = m.sizeBytes();
        e.hasAttachments = orEmpty(m.attachments()).stream()
                .anyMatch(a -> a != null && !a.inline() && !"signature".equals(a.kind()));
        e.headers = MessageColumns.headers(m.headers());
        e.parseWarnings = MessageColumns.warnings(m.warnings());
        e.sentAt = m.sentAt() == null ? null : MessageColumns.instant(m.sentAt().toInstant());
        e.sentOffset = m.sentAt() == null ? null : m.sentAt().getOffset().getTotalSeconds();
        return e;
    }

    private static void applyState(MessageEntity e, MessageState s) {
        e.read = s.read();
        if (s.folders() != null) {
            e.folders = MessageColumns.folders(s.folders());
            e.inSent = inSent(e.folders);
        }
    }

    /** Whether a folders column value contains the sent folder. */
    private static boolean inSent(String folders) {
        return folders != null && List.of(folders.split("\n")).contains("sent");
    }

    /** Address rows: from, then to, cc and bcc in order (blank addresses skipped, at most a bounded number each). */
    private static List<MessageAddressEntity> addresses(MessageData m, String messageId) {
        List<MessageAddressEntity> out = new ArrayList<>();
        if (m.from() != null) {
            addAddresses(out, messageId, FROM, List.of(m.from()));
        }
        addAddresses(out, messageId, TO, m.to());
        addAddresses(out, messageId, CC, m.cc());
        addAddresses(out, messageId, BCC, m.bcc());
        return out;
    }

    private static void addAddresses(List<MessageAddressEntity> out, String messageId, String kind,
            List<MessageData.Address> list) {
        int position = 0;
        for (MessageData.Address a : orEmpty(list)) {
            String address = a == null ? null : address(a.address());
            if (address == null) {
                continue;
            }
            if (position == MessageColumns.ADDRESSES_PER_KIND) {
                break;
            }
            MessageAddressEntity e = new MessageAddressEntity();
            e.messageId = messageId;
            e.kind = kind;
            e.position = position++;
            e.address = address;
            e.name = MessageColumns.fitOrNull(a.name(), MessageColumns.NAME);
            out.add(e);
        }
    }

    private static String address(String address) {
        String a = MessageColumns.fitOrNull(address, MessageColumns.ADDRESS);
        return a == null ? null : a.toLowerCase(Locale.ROOT);
    }

    /** Attachment rows; a missing or repeated part id is replaced by {@code #position} so the key stays unique. */
    private static List<AttachmentEntity> attachments(MessageData m, String messageId) {
        Map<String, AttachmentEntity> out = new LinkedHashMap<>();
        int position = 0;
        for (MessageData.Attachment a : orEmpty(m.attachments())) {
            if (a == null) {
                continue;
            }
            String partId = MessageColumns.fitOrNull(a.partId(), MessageColumns.PART_ID);
            if (partId == null || out.containsKey(partId)) {
                partId = "#" + position;
            }
            position++;
            AttachmentEntity e = new AttachmentEntity();
            e.messageId = messageId;
            e.partId = partId;
            e.filename = MessageColumns.fitOrNull(a.filename(), MessageColumns.FILENAME);
            e.contentType = MessageColumns.fitOrNull(a.contentType(), MessageColumns.CONTENT_TYPE);
            e.sizeBytes = a.sizeBytes();
            e.contentId = MessageColumns.fitOrNull(a.contentId(), MessageColumns.CONTENT_ID);
            e.inline = a.inline();
            e.kind = a.kind();
            out.putIfAbsent(partId, e);
        }
        return new ArrayList<>(out.values());
    }

    private static boolean sameAddresses(List<MessageAddressEntity> a, List<MessageAddressEntity> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Map<String, MessageAddressEntity> byKey = new HashMap<>();
        a.forEach(x -> byKey.put(x.kind + "/" + x.position, x));
        for (MessageAddressEntity y : b) {
            MessageAddressEntity x = byKey.get(y.kind + "/" + y.position);
            if (x == null || !Objects.equals(x.address, y.address) || !Objects.equals(x.name, y.name)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAttachments(List<AttachmentEntity> a, List<AttachmentEntity> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Map<String, AttachmentEntity> byPart = new HashMap<>();
        a.forEach(x -> byPart.put(x.partId, x));
        for (AttachmentEntity y : b) {
            AttachmentEntity x = byPart.get(y.partId);
            if (x == null || !x.sameContent(y)) {
                return false;
            }
        }
        return true;
    }

    /** Updates rows in place by key, removes the ones gone and inserts the new ones (no key is removed and re-added). */
    private static void replaceAddresses(EntityManager em, List<MessageAddressEntity> old,
            List<MessageAddressEntity> now) {
        Map<String, MessageAddressEntity> byKey = new HashMap<>();
        old.forEach(x -> byKey.put(x.kind + "/" + x.position, x));
        for (MessageAddressEntity y : now) {
            MessageAddressEntity x = byKey.remove(y.kind + "/" + y.position);
            if (x == null) {
                em.persist(y);
            } else if (!Objects.equals(x.address, y.address) || !Objects.equals(x.name, y.name)) {
                x.address = y.address;
                x.name = y.name;
            }
        }
        byKey.values().forEach(em::remove);
    }

    private static void replaceAttachments(EntityManager em, List<AttachmentEntity> old, List<AttachmentEntity> now) {
        Map<String, AttachmentEntity> byPart = new HashMap<>();
        old.forEach(x -> byPart.put(x.partId, x));
        for (AttachmentEntity y : now) {
            AttachmentEntity x = byPart.remove(y.partId);
            if (x == null) {
                em.persist(y);
            } else if (!x.sameContent(y)) {
                x.copyContent(y);
            }
        }
        byPart.values().forEach(em::remove);
    }

    /** Child rows of the given messages, one IN query per chunk, grouped by message id. */
    private static <T> Map<String, List<T>> children(EntityManager em, String entity, Class<T> type,
            List<String> messageIds, Function<T, String> messageId) {
        Map<String, List<T>> out = new HashMap<>();
        for (List<String> chunk : chunks(messageIds)) {
            for (T row : em.createQuery("SELECT x FROM " + entity + " x WHERE x.messageId IN :ids", type)
                    .setParameter("ids", chunk).getResultList()) {
                out.computeIfAbsent(messageId.apply(row), k -> new ArrayList<>()).add(row);
            }
        }
        return out;
    }

    private static String providerId(String id) {
        return MessageColumns.fit(id, MessageColumns.PROVIDER_ID);
    }

    private static String requireProviderId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("A message without a provider id.");
        }
        return id;
    }

    static List<List<String>> chunks(Collection<String> values) {
        List<String> all = new ArrayList<>(values);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    private static <T> Collection<T> orEmpty(Collection<T> c) {
        return c == null ? List.of() : c;
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
