package com.workestra.email.store.internal;

import static com.workestra.email.store.internal.NativeSql.bool;
import static com.workestra.email.store.internal.NativeSql.instant;
import static com.workestra.email.store.internal.NativeSql.number;
import static com.workestra.email.store.internal.NativeSql.string;

import com.workestra.email.store.LinkStore;
import com.workestra.email.store.MessageData;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link LinkStore} on native SQL through the persistence unit's transactions (the link, walker and application
 * tables have no entities: they are written set-wise and read as projections).
 */
final class JpaLinkStore implements LinkStore {

    private static final String COLUMNS = "SELECT m.id, m.connection_id, c.workspace_id, c.user_id, c.address,"
            + " c.intake_module, m.thread_id, m.provider_thread_id, m.internet_message_id, m.in_reply_to,"
            + " m.references_ids, m.subject, m.from_address, m.from_name, m.in_sent, m.headers, m.received_at,"
            + " m.created_at FROM email_message m JOIN email_connection c ON c.id = m.connection_id";

    private final Tx tx;

    JpaLinkStore(Tx tx) {
        this.tx = tx;
    }

    @Override
    public boolean tryLease(String name, String owner, Instant now, Duration ttl) {
        return tx.call(em -> {
            ensureWalker(em, name);
            return new NativeSql("UPDATE email_panel_walker SET lease_owner = ").value(owner)
                    .sql(", lease_until = ").value(MessageColumns.instant(now.plus(ttl)))
                    .sql(" WHERE name = ").value(name).sql(" AND (lease_owner IS NULL OR lease_owner = ").value(owner)
                    .sql(" OR lease_until IS NULL OR lease_until < ").value(MessageColumns.instant(now)).sql(")")
                    .update(em) == 1;
        });
    }

    @Override
    public void releaseLease(String name, String owner) {
        tx.call(em -> new NativeSql("UPDATE email_panel_walker SET lease_owner = NULL, lease_until = NULL"
                + " WHERE name = ").value(name).sql(" AND lease_owner = ").value(owner).update(em));
    }

    @Override
    public Position position(String name) {
        return tx.call(em -> {
            List<Object[]> rows = new NativeSql("SELECT position_at, position_id FROM email_panel_walker WHERE name = ")
                    .value(name).rows(em, 1);
            if (rows.isEmpty() || rows.get(0)[0] == null) {
                return Position.START;
            }
            return new Position(instant(rows.get(0)[0]), string(rows.get(0)[1]));
        });
    }

    @Override
    public void savePosition(String name, Position position) {
        tx.call(em -> {
            ensureWalker(em, name);
            return new NativeSql("UPDATE email_panel_walker SET position_at = ")
                    .value(MessageColumns.instant(position.createdAt())).sql(", position_id = ")
                    .value(position.messageId()).sql(" WHERE name = ").value(name).update(em);
        });
    }

    private static void ensureWalker(EntityManager em, String name) {
        if (number(new NativeSql("SELECT COUNT(*) FROM email_panel_walker WHERE name = ").value(name)
                .rows(em, 1).get(0)[0]) == 0) {
            new NativeSql("INSERT INTO email_panel_walker (name) VALUES (").value(name).sql(")").update(em);
        }
    }

    @Override
    public List<StoredMessage> messagesAfter(Position after, Instant createdBefore, int limit) {
        Instant at = MessageColumns.instant(after.createdAt());
        return tx.call(em -> load(em, new NativeSql(COLUMNS + " WHERE m.deleted = FALSE AND m.created_at < ")
                .value(MessageColumns.instant(createdBefore)).sql(" AND (m.created_at > ").value(at)
                .sql(" OR (m.created_at = ").value(at).sql(" AND m.id > ").value(after.messageId())
                .sql(")) ORDER BY m.created_at, m.id").rows(em, limit)));
    }

    @Override
    public Optional<StoredMessage> message(String id) {
        return tx.call(em -> load(em, new NativeSql(COLUMNS + " WHERE m.deleted = FALSE AND m.id = ").value(id)
                .rows(em, 1)).stream().findFirst());
    }

    @Override
    public List<String> connectionAddresses(String workspaceId) {
        return tx.call(em -> new NativeSql("SELECT DISTINCT LOWER(address) FROM email_connection WHERE workspace_id = ")
                .value(workspaceId).rows(em, 0).stream().map(r -> string(r[0])).toList());
    }

    @Override
    public int link(String messageId, String workspaceId, Collection<Target> targets, String source, Instant now) {
        if (targets.isEmpty()) {
            return 0;
        }
        return tx.call(em -> {
            int added = 0;
            for (Target t : new LinkedHashSet<>(targets)) {
                long exists = number(new NativeSql("SELECT COUNT(*) FROM email_link WHERE message_id = ")
                        .value(messageId).sql(" AND module = ").value(t.module()).sql(" AND object_type = ")
                        .value(t.objectType()).sql(" AND object_id = ").value(t.objectId()).rows(em, 1).get(0)[0]);
                if (exists == 0) {
                    added += new NativeSql("INSERT INTO email_link (message_id, workspace_id, module, object_type,"
                            + " object_id, source, created_at) VALUES (").value(messageId).sql(", ")
                            .value(workspaceId).sql(", ").value(t.module()).sql(", ").value(t.objectType())
                            .sql(", ").value(t.objectId()).sql(", ").value(source).sql(", ")
                            .value(MessageColumns.instant(now)).sql(")").update(em);
                }
            }
            return added;
        });
    }

    @Override
    public List<Target> links(String messageId) {
        return tx.call(em -> new NativeSql("SELECT module, object_type, object_id FROM email_link WHERE message_id = ")
                .value(messageId).sql(" ORDER BY module, object_type, object_id").rows(em, 0).stream()
                .map(r -> new Target(string(r[0]), string(r[1]), string(r[2]))).toList());
    }

    @Override
    public void requestRelink(String workspaceId, Target target, List<String> emails, Instant now) {
        String joined = MessageColumns.fit(String.join("\n", emails), 4000);
        tx.call(em -> new NativeSql("INSERT INTO email_relink (id, workspace_id, module, object_type, object_id,"
                + " emails, after_message_id, created_at) VALUES (").value(UUID.randomUUID().toString()).sql(", ")
                .value(workspaceId).sql(", ").value(target.module()).sql(", ").value(target.objectType()).sql(", ")
                .value(target.objectId()).sql(", ").value(joined).sql(", ").value("").sql(", ")
                .value(MessageColumns.instant(now)).sql(")").update(em));
    }

    @Override
    public List<RelinkRequest> pendingRelinks(int limit) {
        return tx.call(em -> new NativeSql("SELECT id, workspace_id, module, object_type, object_id, emails,"
                + " after_message_id FROM email_relink ORDER BY created_at, id").rows(em, limit).stream()
                .map(r -> new RelinkRequest(string(r[0]), string(r[1]),
                        new Target(string(r[2]), string(r[3]), string(r[4])),
                        r[5] == null ? List.of() : List.of(string(r[5]).split("\n")),
                        r[6] == null ? "" : string(r[6])))
                .toList());
    }

    @Override
    public void relinkProgress(String requestId, String afterMessageId) {
        tx.call(em -> afterMessageId == null
                ? new NativeSql("DELETE FROM email_relink WHERE id = ").value(requestId).update(em)
                : new NativeSql("UPDATE email_relink SET after_message_id = ").value(afterMessageId)
                        .sql(" WHERE id = ").value(requestId).update(em));
    }

    @Override
    public List<StoredMessage> messagesWithAddresses(String workspaceId, Collection<String> addresses,
            String afterMessageId, int limit) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        return tx.call(em -> {
            List<String> ids = new NativeSql("SELECT DISTINCT m.id FROM email_message_address a"
                    + " JOIN email_message m ON m.id = a.message_id JOIN email_connection c ON c.id = m.connection_id"
                    + " WHERE c.workspace_id = ").value(workspaceId)
                    .sql(" AND m.deleted = FALSE AND a.kind IN ('from', 'to', 'cc') AND a.address IN ")
                    .in(addresses).sql(" AND m.id > ").value(afterMessageId == null ? "" : afterMessageId)
                    .sql(" ORDER BY m.id").rows(em, limit).stream().map(r -> string(r[0])).toList();
            if (ids.isEmpty()) {
                return List.of();
            }
            List<StoredMessage> out = new ArrayList<>(load(em, new NativeSql(COLUMNS + " WHERE m.id IN ").in(ids)
                    .rows(em, 0)));
            out.sort(Comparator.comparing(StoredMessage::id));
            return out;
        });
    }

    @Override
    public Optional<Target> intakeTarget(StoredMessage message, String module, String objectType,
            Collection<String> messageIds) {
        return tx.call(em -> {
            if (message.threadId() != null || message.providerThreadId() != null) {
                NativeSql q = new NativeSql("SELECT l.object_id FROM email_link l JOIN email_message m"
                        + " ON m.id = l.message_id WHERE m.connection_id = ").value(message.connectionId())
                        .sql(" AND l.module = ").value(module).sql(" AND l.object_type = ").value(objectType)
                        .sql(" AND m.id <> ").value(message.id()).sql(" AND (");
                if (message.threadId() != null) {
                    q.sql("m.thread_id = ").value(message.threadId());
                }
                if (message.providerThreadId() != null) {
                    q.sql(message.threadId() != null ? " OR " : "").sql("m.provider_thread_id = ")
                            .value(message.providerThreadId());
                }
                List<Object[]> rows = q.sql(") ORDER BY l.created_at, l.object_id").rows(em, 1);
                if (!rows.isEmpty()) {
                    return Optional.of(new Target(module, objectType, string(rows.get(0)[0])));
                }
            }
            List<String> ids = messageIds.stream().filter(i -> i != null && !i.isBlank()).distinct().limit(200)
                    .toList();
            if (!ids.isEmpty()) {
                List<Object[]> rows = new NativeSql("SELECT l.object_id FROM email_link l JOIN email_message m"
                        + " ON m.id = l.message_id WHERE l.workspace_id = ").value(message.workspaceId())
                        .sql(" AND l.module = ").value(module).sql(" AND l.object_type = ").value(objectType)
                        .sql(" AND m.id <> ").value(message.id()).sql(" AND m.internet_message_id IN ").in(ids)
                        .sql(" ORDER BY l.created_at, l.object_id").rows(em, 1);
                if (!rows.isEmpty()) {
                    return Optional.of(new Target(module, objectType, string(rows.get(0)[0])));
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public void recordApplication(StoredMessage message, String candidateId, Instant now) {
        tx.call(em -> {
            if (number(new NativeSql("SELECT COUNT(*) FROM email_application WHERE message_id = ")
                    .value(message.id()).rows(em, 1).get(0)[0]) > 0) {
                return null;
            }
            new NativeSql("INSERT INTO email_application (message_id, workspace_id, connection_id, candidate_id,"
                    + " created_at) VALUES (").value(message.id()).sql(", ").value(message.workspaceId())
                    .sql(", ").value(message.connectionId()).sql(", ").value(candidateId).sql(", ")
                    .value(MessageColumns.instant(now)).sql(")").update(em);
            for (MessageData.Attachment a : message.attachments()) {
                new NativeSql("INSERT INTO email_application_file (message_id, part_id, filename, content_type,"
                        + " size_bytes) VALUES (").value(message.id()).sql(", ").value(a.partId()).sql(", ")
                        .value(a.filename()).sql(", ").value(a.contentType()).sql(", ").value(a.sizeBytes())
                        .sql(")").update(em);
            }
            return null;
        });
    }

    @Override
    public List<ApplicationRow> applications(String workspaceId, String userId, String candidateId) {
        return tx.call(em -> {
            List<Object[]> rows = new NativeSql("SELECT a.message_id, a.connection_id, m.subject, m.received_at"
                    + " FROM email_application a JOIN email_message m ON m.id = a.message_id"
                    + " JOIN email_connection c ON c.id = a.connection_id WHERE a.workspace_id = ").value(workspaceId)
                    .sql(" AND a.candidate_id = ").value(candidateId).sql(" AND c.workspace_id = ").value(workspaceId)
                    .sql(" AND c.user_id = ").value(userId)
                    .sql(" AND m.deleted = FALSE ORDER BY m.received_at DESC, a.message_id DESC").rows(em, 500);
            if (rows.isEmpty()) {
                return List.of();
            }
            Map<String, List<MessageData.Attachment>> files = new HashMap<>();
            for (Object[] f : new NativeSql("SELECT message_id, part_id, filename, content_type, size_bytes FROM"
                    + " email_application_file WHERE message_id IN ").in(rows.stream().map(r -> r[0]).toList())
                    .sql(" ORDER BY message_id, part_id").rows(em, 0)) {
                files.computeIfAbsent(string(f[0]), k -> new ArrayList<>()).add(new MessageData.Attachment(
                        string(f[1]), string(f[2]), string(f[3]), number(f[4]), null, false));
            }
            return rows.stream().map(r -> new ApplicationRow(string(r[0]), string(r[1]), string(r[2]),
                    instant(r[3]), files.getOrDefault(string(r[0]), List.of()))).toList();
        });
    }

    @Override
    public List<StoredMessage> linkedMessages(String workspaceId, String userId, Target target, int max) {
        return tx.call(em -> load(em, linkedQuery(COLUMNS, workspaceId, userId, target)
                .sql(" ORDER BY m.received_at DESC, m.id DESC").rows(em, max)));
    }

    static NativeSql linkedQuery(String columns, String workspaceId, String userId, Target target) {
        return new NativeSql(columns + " JOIN email_link l ON l.message_id = m.id WHERE l.workspace_id = ")
                .value(workspaceId).sql(" AND l.module = ").value(target.module()).sql(" AND l.object_type = ")
                .value(target.objectType()).sql(" AND l.object_id = ").value(target.objectId())
                .sql(" AND c.workspace_id = ").value(workspaceId).sql(" AND c.user_id = ").value(userId)
                .sql(" AND m.deleted = FALSE");
    }

    /**
     * Linked messages of the mailboxes of the viewer's workspace that the viewer may see: own mailboxes, teammates'
     * mailboxes that are not private, shared and intake mailboxes of the target's module to its members. The columns
     * must come from {@code email_message m JOIN email_connection c}.
     */
    static NativeSql visibleLinkedQuery(String columns, Viewer viewer, Target target) {
        NativeSql q = new NativeSql(columns + " JOIN email_link l ON l.message_id = m.id WHERE l.workspace_id = ")
                .value(viewer.workspaceId()).sql(" AND l.module = ").value(target.module())
                .sql(" AND l.object_type = ").value(target.objectType()).sql(" AND l.object_id = ")
                .value(target.objectId()).sql(" AND c.workspace_id = ").value(viewer.workspaceId())
                .sql(" AND m.deleted = FALSE AND (c.user_id = ").value(viewer.userId())
                .sql(" OR c.visibility <> ").value(PRIVATE);
        if (viewer.modules().contains(target.module())) {
            q.sql(" OR c.kind = 'shared' OR c.intake_module = ").value(target.module());
        }
        return q.sql(")");
    }

    /** The viewer's access to a mailbox's threads on a panel of the target's module. */
    static String access(Viewer viewer, Target target, String ownerId, String visibility, String kind,
            String intakeModule) {
        if (viewer.userId().equals(ownerId)) {
            return OWNER;
        }
        if (viewer.modules().contains(target.module())
                && ("shared".equals(kind) || target.module().equals(intakeModule))) {
            return EVERYTHING;
        }
        return visibility == null ? SUBJECT : visibility;
    }

    @Override
    public List<ThreadRow> threads(Viewer viewer, Target target, int max) {
        return tx.call(em -> LinkedThreads.threads(em, viewer, target, max));
    }

    @Override
    public Optional<PanelThread> panelThread(Viewer viewer, Target target, String threadId) {
        return tx.call(em -> LinkedThreads.thread(em, viewer, target, threadId));
    }

    @Override
    public String visibility(String connectionId) {
        return tx.call(em -> new NativeSql("SELECT visibility FROM email_connection WHERE id = ").value(connectionId)
                .rows(em, 1).stream().map(r -> string(r[0])).findFirst().orElse(SUBJECT));
    }

    @Override
    public boolean setVisibility(String workspaceId, String userId, String connectionId, String visibility) {
        return tx.call(em -> new NativeSql("UPDATE email_connection SET visibility = ").value(visibility)
                .sql(" WHERE id = ").value(connectionId).sql(" AND workspace_id = ").value(workspaceId)
                .sql(" AND user_id = ").value(userId).query(em).executeUpdate() == 1);
    }

    @Override
    public String defaultVisibility(String workspaceId) {
        return tx.call(em -> defaultVisibility(em, workspaceId));
    }

    /** The workspace's default for new connections, {@code subject} until an admin chose. */
    static String defaultVisibility(EntityManager em, String workspaceId) {
        return new NativeSql("SELECT default_visibility FROM email_workspace_sharing WHERE workspace_id = ")
                .value(workspaceId).rows(em, 1).stream().map(r -> string(r[0])).findFirst().orElse(SUBJECT);
    }

    @Override
    public void setDefaultVisibility(String workspaceId, String visibility, String changedBy, Instant now) {
        tx.call(em -> {
            int n = new NativeSql("UPDATE email_workspace_sharing SET default_visibility = ").value(visibility)
                    .sql(", updated_by = ").value(changedBy).sql(", updated_at = ").value(now)
                    .sql(" WHERE workspace_id = ").value(workspaceId).query(em).executeUpdate();
            if (n == 0) {
                new NativeSql("INSERT INTO email_workspace_sharing (workspace_id, default_visibility, updated_by,"
                        + " updated_at) VALUES (").value(workspaceId).sql(", ").value(visibility).sql(", ")
                        .value(changedBy).sql(", ").value(now).sql(")").query(em).executeUpdate();
            }
            return null;
        });
    }

    /** Builds stored messages from {@link #COLUMNS} rows, with their addresses and attachments. */
    private static List<StoredMessage> load(EntityManager em, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(r -> string(r[0])).toList();
        Map<String, List<String>> recipients = new HashMap<>();
        Map<String, List<MessageData.Attachment>> attachments = new HashMap<>();
        for (List<String> chunk : JpaMessageStore.chunks(ids)) {
            for (Object[] a : new NativeSql("SELECT message_id, address FROM email_message_address WHERE kind IN"
                    + " ('to', 'cc') AND message_id IN ").in(chunk).sql(" ORDER BY message_id, kind DESC, pos")
                    .rows(em, 0)) {
                recipients.computeIfAbsent(string(a[0]), k -> new ArrayList<>()).add(string(a[1]));
            }
            for (Object[] a : new NativeSql("SELECT message_id, part_id, filename, content_type, size_bytes,"
                    + " content_id FROM email_attachment WHERE is_inline = FALSE AND message_id IN ").in(chunk)
                    .sql(" ORDER BY message_id, part_id").rows(em, 0)) {
                attachments.computeIfAbsent(string(a[0]), k -> new ArrayList<>()).add(new MessageData.Attachment(
                        string(a[1]), string(a[2]), string(a[3]), number(a[4]), string(a[5]), false));
            }
        }
        List<StoredMessage> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            String id = string(r[0]);
            String refs = string(r[10]);
            out.add(new StoredMessage(id, string(r[1]), string(r[2]), string(r[3]), lower(string(r[4])),
                    string(r[5]), string(r[6]), string(r[7]), string(r[8]), string(r[9]),
                    refs == null ? List.of() : List.of(refs.split(" ")), string(r[11]), lower(string(r[12])),
                    string(r[13]), recipients.getOrDefault(id, List.of()), bool(r[14]),
                    MessageColumns.parseHeaders(string(r[15])), attachments.getOrDefault(id, List.of()),
                    instant(r[16]), instant(r[17])));
        }
        return out;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }
}
