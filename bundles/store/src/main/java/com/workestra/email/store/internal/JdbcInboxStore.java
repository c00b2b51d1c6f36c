package com.workestra.email.store.internal;

import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.InboxStore;
import com.workestra.email.store.MessageData.Address;
import com.workestra.email.store.MessageData.Attachment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@link InboxStore} in plain SQL (the feed needs dialect-specific full-text search and per-connection keyset scans
 * that JPQL cannot express). Feed: one index-ordered scan per own connection on ix_message_feed (connection, deleted,
 * received_at desc, id desc) and one on ix_notification_feed, each cut at the cursor and at limit + 1, merged here.
 */
final class JdbcInboxStore implements InboxStore {

    private static final String MESSAGE_COLUMNS = "m.id, m.thread_id, m.connection_id, m.subject, m.snippet,"
            + " m.from_address, m.from_name, m.received_at, m.is_read";
    private static final Comparator<Row> NEWEST_FIRST = Comparator.comparing(Row::at).reversed()
            .thenComparing(Comparator.comparing(Row::id).reversed());

    private final InboxJdbc db;
    private final SearchSql search;

    JdbcInboxStore(DataSource dataSource) {
        this.db = new InboxJdbc(dataSource);
        this.search = new SearchSql(db);
    }

    /** A feed candidate before merging. */
    private record Row(Instant at, String id, FeedItem item) {
    }

    @Override
    public FeedPage feed(FeedQuery q) {
        FeedCursor cursor = q.cursor() == null || q.cursor().isBlank() ? null : FeedCursor.decode(q.cursor());
        int limit = Math.max(1, Math.min(100, q.limit()));
        Tab tab = q.tab() == null ? Tab.ALL : q.tab();
        return db.tx(c -> {
            List<Row> rows = new ArrayList<>();
            boolean messages = tab == Tab.ALL || tab == Tab.UNREAD || tab == Tab.EMAILS || tab == Tab.MODULE;
            boolean notifications = (tab == Tab.ALL || tab == Tab.UNREAD || tab == Tab.MENTIONS
                    || tab == Tab.ASSIGNED) && q.connectionId() == null;
            if (messages) {
                rows.addAll(messageRows(c, q, tab, cursor, limit + 1));
            }
            if (notifications) {
                rows.addAll(notificationRows(c, q, tab, cursor, limit + 1));
            }
            rows.sort(NEWEST_FIRST);
            List<Row> page = rows.subList(0, Math.min(limit, rows.size()));
            List<FeedItem> items = decorate(c, page);
            String next = rows.size() > limit
                    ? new FeedCursor(page.get(page.size() - 1).at(), page.get(page.size() - 1).id()).encode()
                    : null;
            return new FeedPage(items, next);
        });
    }

    private List<Row> messageRows(Connection c, FeedQuery q, Tab tab, FeedCursor cursor, int max)
            throws SQLException {
        List<String> connections = new ArrayList<>();
        try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT id FROM email_connection WHERE workspace_id = ?"
                + " AND user_id = ? ORDER BY id", List.of(q.workspaceId(), q.userId()));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                connections.add(rs.getString(1));
            }
        }
        if (q.connectionId() != null) {
            connections.retainAll(List.of(q.connectionId()));
        }
        if (connections.isEmpty()) {
            return List.of();
        }
        StringBuilder filter = new StringBuilder();
        List<Object> filterArgs = new ArrayList<>();
        if (tab == Tab.UNREAD) {
            filter.append(" AND m.is_read = FALSE AND m.in_sent = FALSE");
        }
        if (tab == Tab.MODULE) {
            filter.append(" AND EXISTS (SELECT 1 FROM email_link l WHERE l.message_id = m.id AND l.module = ?)");
            filterArgs.add(q.module());
        }
        if (q.text() != null && !q.text().isBlank()) {
            filter.append(" AND ").append(search.messageCondition());
            filterArgs.addAll(search.messageArgs(q.text()));
        }
        if (cursor != null) {
            filter.append(" AND (m.received_at < ? OR (m.received_at = ? AND m.id < ?))");
            filterArgs.addAll(List.of(cursor.at(), cursor.at(), cursor.id()));
        }
        // one index-ordered scan per connection (an IN list would sort every message of the user)
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (String id : connections) {
            parts.add("(SELECT " + MESSAGE_COLUMNS + " FROM email_message m WHERE m.connection_id = ?"
                    + " AND m.deleted = FALSE AND m.received_at IS NOT NULL" + filter
                    + " ORDER BY m.received_at DESC, m.id DESC LIMIT ?)");
            args.add(id);
            args.addAll(filterArgs);
            args.add(max);
        }
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = InboxJdbc.prepare(c, String.join(" UNION ALL ", parts), args);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant at = InboxJdbc.instant(rs, "received_at");
                String id = rs.getString("id");
                String fromAddress = rs.getString("from_address");
                out.add(new Row(at, id, new FeedItem("email", id, rs.getString("thread_id"),
                        rs.getString("connection_id"),
                        fromAddress == null ? null : new Address(fromAddress, rs.getString("from_name")), List.of(),
                        rs.getString("subject"), rs.getString("snippet"), at, !rs.getBoolean("is_read"), List.of(),
                        null, null, null)));
            }
        }
        return out;
    }

    private List<Row> notificationRows(Connection c, FeedQuery q, Tab tab, FeedCursor cursor, int max)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, kind, module, title, body, object_ref, is_read, created_at"
                + " FROM email_notification WHERE workspace_id = ? AND user_id = ?");
        List<Object> args = new ArrayList<>(List.of(q.workspaceId(), q.userId()));
        if (tab == Tab.MENTIONS || tab == Tab.ASSIGNED) {
            sql.append(" AND kind = ?");
            args.add(tab == Tab.MENTIONS ? "mention" : "assigned");
        }
        if (tab == Tab.UNREAD) {
            sql.append(" AND is_read = FALSE");
        }
        if (q.text() != null && !q.text().isBlank()) {
            // a user's notifications are few: a scan of them is cheap
            sql.append(" AND (LOWER(title) LIKE ? ESCAPE '!' OR LOWER(body) LIKE ? ESCAPE '!')");
            String like = "%" + q.text().strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            args.add(like);
            args.add(like);
        }
        if (cursor != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            args.addAll(List.of(cursor.at(), cursor.at(), cursor.id()));
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add(max);
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = InboxJdbc.prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant at = InboxJdbc.instant(rs, "created_at");
                String id = rs.getString("id");
                out.add(new Row(at, id, new FeedItem("notification", id, null, null, null, List.of(),
                        rs.getString("title"), rs.getString("body"), at, !rs.getBoolean("is_read"), List.of(),
                        rs.getString("kind"), rs.getString("module"), rs.getString("object_ref"))));
            }
        }
        return out;
    }

    /** Adds recipients and links to the email items of a page (two queries for the whole page). */
    private List<FeedItem> decorate(Connection c, List<Row> page) throws SQLException {
        List<String> ids = page.stream().filter(r -> "email".equals(r.item().type())).map(Row::id).toList();
        Map<String, List<Address>> to = new HashMap<>();
        Map<String, List<Link>> links = links(c, ids);
        if (!ids.isEmpty()) {
            try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT message_id, address, name FROM"
                    + " email_message_address WHERE kind = 'to' AND message_id IN (" + marks(ids.size()) + ")"
                    + " ORDER BY message_id, pos", new ArrayList<>(ids)); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    to.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Address(rs.getString(2), rs.getString(3)));
                }
            }
        }
        List<FeedItem> out = new ArrayList<>();
        for (Row r : page) {
            FeedItem i = r.item();
            out.add("email".equals(i.type()) ? new FeedItem(i.type(), i.id(), i.threadId(), i.connectionId(),
                    i.from(), to.getOrDefault(i.id(), List.of()), i.subject(), i.snippet(), i.receivedAt(),
                    i.unread(), links.getOrDefault(i.id(), List.of()), null, null, null) : i);
        }
        return out;
    }

    private static Map<String, List<Link>> links(Connection c, List<String> ids) throws SQLException {
        Map<String, List<Link>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT message_id, module, object_type, object_id FROM"
                + " email_link WHERE message_id IN (" + marks(ids.size()) + ") ORDER BY message_id, module,"
                + " object_type, object_id", new ArrayList<>(ids)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Link(rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    @Override
    public boolean ownsConnection(String workspaceId, String userId, String connectionId) {
        return db.tx(c -> {
            try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT 1 FROM email_connection WHERE id = ? AND"
                    + " workspace_id = ? AND user_id = ?", List.of(connectionId, workspaceId, userId));
                    ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public Map<String, String> ownAddresses(String workspaceId, String userId) {
        return db.tx(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT id, address FROM email_connection WHERE"
                    + " workspace_id = ? AND user_id = ? AND status = ? ORDER BY connected_at, id",
                    List.of(workspaceId, userId, ConnectionRecord.ACTIVE)); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2).strip().toLowerCase(Locale.ROOT));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<StoredMessage> message(String workspaceId, String userId, String messageId) {
        List<StoredMessage> found = db.tx(c -> messages(c, "m.id = ?", messageId, workspaceId, userId));
        return found.stream().findFirst();
    }

    @Override
    public List<StoredMessage> thread(String workspaceId, String userId, String threadId) {
        return db.tx(c -> messages(c, "m.thread_id = ?", threadId, workspaceId, userId));
    }

    private List<StoredMessage> messages(Connection c, String where, String key, String workspaceId, String userId)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT m.id, m.thread_id, m.connection_id, m.folders,"
                + " m.is_read, m.received_at, m.subject, m.internet_message_id, m.in_reply_to, m.references_ids,"
                + " m.headers, m.text_body, m.html_body, m.sent_at, m.sent_offset, m.parse_warnings"
                + " FROM email_message m JOIN email_connection c"
                + " ON c.id = m.connection_id WHERE " + where + " AND m.deleted = FALSE AND c.workspace_id = ?"
                + " AND c.user_id = ? ORDER BY m.received_at, m.id LIMIT 500",
                List.of(key, workspaceId, userId)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getString("id"), rs.getString("thread_id"), rs.getString("connection_id"),
                    rs.getString("folders"), rs.getBoolean("is_read"), InboxJdbc.instant(rs, "received_at"),
                    rs.getString("subject"), rs.getString("internet_message_id"), rs.getString("in_reply_to"),
                    rs.getString("references_ids"), rs.getString("headers"), rs.getString("text_body"),
                    rs.getString("html_body"), sentAt(rs), MessageColumns.parseWarnings(rs.getString("parse_warnings"))});
            }
        }
        List<String> ids = rows.stream().map(r -> (String) r[0]).toList();
        Map<String, Map<String, List<Address>>> addresses = new HashMap<>();
        Map<String, List<Attachment>> attachments = new HashMap<>();
        if (!ids.isEmpty()) {
            try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT message_id, kind, address, name FROM"
                    + " email_message_address WHERE message_id IN (" + marks(ids.size()) + ") ORDER BY message_id,"
                    + " kind, pos", new ArrayList<>(ids)); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    addresses.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(new Address(rs.getString(3), rs.getString(4)));
                }
            }
            try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT message_id, part_id, filename, content_type,"
                    + " size_bytes, content_id, is_inline, kind FROM email_attachment WHERE message_id IN ("
                    + marks(ids.size()) + ") ORDER BY message_id, part_id", new ArrayList<>(ids));
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    attachments.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Attachment(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                            rs.getBoolean(7), rs.getString(8) != null ? rs.getString(8)
                                    : rs.getBoolean(7) ? "inline" : "file"));
                }
            }
        }
        Map<String, List<Link>> links = links(c, ids);
        List<StoredMessage> out = new ArrayList<>();
        for (Object[] r : rows) {
            String id = (String) r[0];
            Map<String, List<Address>> a = addresses.getOrDefault(id, Map.of());
            List<Address> from = a.getOrDefault("from", List.of());
            String folders = (String) r[3];
            String refs = (String) r[9];
            out.add(new StoredMessage(id, (String) r[1], (String) r[2],
                    folders == null || folders.isEmpty() ? List.of() : Arrays.asList(folders.split("\n")),
                    (Boolean) r[4], (Instant) r[5], (String) r[6], from.isEmpty() ? null : from.get(0),
                    a.getOrDefault("to", List.of()), a.getOrDefault("cc", List.of()),
                    a.getOrDefault("bcc", List.of()), (String) r[7], (String) r[8],
                    refs == null ? List.of() : Arrays.asList(refs.split(" ")),
                    MessageColumns.parseHeaders((String) r[10]), (String) r[11], (String) r[12],
                    attachments.getOrDefault(id, List.of()), links.getOrDefault(id, List.of()),
                    (java.time.OffsetDateTime) r[13], castList(r[14])));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    private static java.time.OffsetDateTime sentAt(ResultSet rs) throws SQLException {
        Instant at = InboxJdbc.instant(rs, "sent_at");
        int offset = rs.getInt("sent_offset");
        return at == null ? null : at.atOffset(java.time.ZoneOffset.ofTotalSeconds(offset));
    }

    @Override
    public boolean markRead(String workspaceId, String userId, String messageId, boolean read, Instant now) {
        Instant t = MessageColumns.instant(now);
        return db.tx(c -> {
            String connectionId = null;
            try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT m.connection_id FROM email_message m JOIN"
                    + " email_connection c ON c.id = m.connection_id WHERE m.id = ? AND m.deleted = FALSE AND"
                    + " c.workspace_id = ? AND c.user_id = ?", List.of(messageId, workspaceId, userId));
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    connectionId = rs.getString(1);
                }
            }
            if (connectionId == null) {
                return false;
            }
            InboxJdbc.update(c, "UPDATE email_message SET is_read = ?, updated_at = ? WHERE id = ?", read, t,
                    messageId);
            InboxJdbc.update(c, "UPDATE email_read_outbox SET state = 'superseded', updated_at = ? WHERE"
                    + " message_id = ? AND state = 'pending'", t, messageId);
            InboxJdbc.update(c, "INSERT INTO email_read_outbox (id, message_id, connection_id, want_read, state,"
                    + " attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)",
                    UUID.randomUUID().toString(), messageId, connectionId, read, t, t, t);
            return true;
        });
    }

    @Override
    public String notify(NewNotification n, Instant now) {
        String id = UUID.randomUUID().toString();
        db.tx(c -> InboxJdbc.update(c, "INSERT INTO email_notification (id, workspace_id, user_id, kind, module,"
                + " title, body, object_ref, created_by, is_read, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " FALSE, ?)", id, n.workspaceId(), n.userId(), n.kind(), n.module(), n.title(), n.body(),
                n.objectRef(), n.createdBy(), MessageColumns.instant(now)));
        return id;
    }

    static String marks(int n) {
        return Arrays.stream(new String[n]).map(x -> "?").collect(Collectors.joining(", "));
    }
}
