package com.workestra.email.devhost.internal;

import com.workestra.email.api.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The dev host's tables through JDBC: users with hashed tokens, and module records looked up by address. */
final class DevHostTables {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final DataSource ds;

    DevHostTables(DataSource ds) {
        this.ds = ds;
    }

    /** SHA-256 of a bearer token, hex: tokens are never stored in clear. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes the configured users and their token hashes the current ones. */
    void syncUsers(List<DevUser> users) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delTokens = c.prepareStatement("DELETE FROM devhost_token");
                    PreparedStatement delUser = c.prepareStatement("DELETE FROM devhost_user WHERE id = ?");
                    PreparedStatement insUser = c.prepareStatement("INSERT INTO devhost_user"
                            + " (id, workspace_id, email, display_name, admin) VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement insToken = c.prepareStatement(
                            "INSERT INTO devhost_token (token_hash, user_id) VALUES (?, ?)")) {
                delTokens.executeUpdate();
                for (DevUser u : users) {
                    delUser.setString(1, u.id());
                    delUser.executeUpdate();
                    insUser.setString(1, u.id());
                    insUser.setString(2, u.workspaceId());
                    insUser.setString(3, u.email());
                    insUser.setString(4, u.displayName());
                    insUser.setBoolean(5, u.admin());
                    insUser.executeUpdate();
                    insToken.setString(1, hash(u.token()));
                    insToken.setString(2, u.id());
                    insToken.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    Optional<Caller> authenticate(String token) throws SQLException {
        String sql = "SELECT u.id, u.workspace_id, u.email, u.display_name, u.admin FROM devhost_token t"
                + " JOIN devhost_user u ON u.id = t.user_id WHERE t.token_hash = ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, hash(token));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                // users named service:<module> are the service credentials of host modules
                return Optional.of(new Caller(rs.getString(2), rs.getString(1), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getString(1).startsWith(DevUser.SERVICE_PREFIX)));
            }
        }
    }

    /** Opens a browser session for a user; returns the cookie value (stored only hashed). */
    String openSession(String userId, Instant expiresAt) throws SQLException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO devhost_session (session_hash, user_id, expires_at) VALUES (?, ?, ?)")) {
            ps.setString(1, hash(id));
            ps.setString(2, userId);
            ps.setTimestamp(3, Timestamp.from(expiresAt));
            ps.executeUpdate();
        }
        return id;
    }

    /** The user of a live session. */
    Optional<Caller> session(String sessionId, Instant now) throws SQLException {
        String sql = "SELECT u.id, u.workspace_id, u.email, u.display_name, u.admin FROM devhost_session s"
                + " JOIN devhost_user u ON u.id = s.user_id WHERE s.session_hash = ? AND s.expires_at > ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, hash(sessionId));
            ps.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Caller(rs.getString(2), rs.getString(1), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)));
            }
        }
    }

    /** Ends a session (sign-out) and drops expired ones. */
    void closeSession(String sessionId, Instant now) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM devhost_session WHERE session_hash = ? OR expires_at <= ?")) {
            ps.setString(1, hash(sessionId));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    /** A configured user by id (the sign-in page offers the demo user by name). */
    Optional<Caller> user(String userId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, workspace_id, email, display_name, admin FROM devhost_user WHERE id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Caller(rs.getString(2), rs.getString(1), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)));
            }
        }
    }

    DevRecord create(String workspaceId, String module, String type, String name, String subject,
            List<String> emails, List<String> refs) throws SQLException {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO devhost_record"
                    + " (id, workspace_id, module, object_type, name, subject, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, workspaceId);
                ps.setString(3, module);
                ps.setString(4, type);
                ps.setString(5, name);
                ps.setString(6, subject);
                ps.setTimestamp(7, Timestamp.from(now));
                ps.setTimestamp(8, Timestamp.from(now));
                ps.executeUpdate();
                writeEmails(c, id, emails);
                writeRefs(c, id, refs);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        return find(workspaceId, type, id).orElseThrow();
    }

    Optional<DevRecord> update(String workspaceId, String type, String id, String name, String subject,
            List<String> emails, List<String> refs) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE devhost_record SET"
                    + " name = COALESCE(?, name), subject = COALESCE(?, subject), updated_at = ?"
                    + " WHERE id = ? AND workspace_id = ? AND object_type = ?")) {
                ps.setString(1, name);
                ps.setString(2, subject);
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.setString(4, id);
                ps.setString(5, workspaceId);
                ps.setString(6, type);
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return Optional.empty();
                }
                if (emails != null) {
                    delete(c, "DELETE FROM devhost_record_email WHERE record_id = ?", id);
                    writeEmails(c, id, emails);
                }
                if (refs != null) {
                    delete(c, "DELETE FROM devhost_record_ref WHERE record_id = ?", id);
                    writeRefs(c, id, refs);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        return find(workspaceId, type, id);
    }

    Optional<DevRecord> find(String workspaceId, String type, String id) throws SQLException {
        List<DevRecord> r = query("r.workspace_id = ? AND r.object_type = ? AND r.id = ?", workspaceId, type, id);
        return r.stream().findFirst();
    }

    List<DevRecord> list(String workspaceId, String type) throws SQLException {
        return query("r.workspace_id = ? AND r.object_type = ?", workspaceId, type);
    }

    List<DevRecord> byEmails(String workspaceId, String type, List<String> emails) throws SQLException {
        List<DevRecord> out = new ArrayList<>();
        for (String e : emails) {
            for (DevRecord r : query("r.workspace_id = ? AND r.object_type = ? AND r.id IN"
                    + " (SELECT record_id FROM devhost_record_email WHERE email = ?)", workspaceId, type,
                    e.toLowerCase())) {
                if (out.stream().noneMatch(x -> x.id().equals(r.id()))) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    List<DevRecord> referencing(String workspaceId, String type, String refId) throws SQLException {
        return query("r.workspace_id = ? AND r.object_type = ? AND r.id IN"
                + " (SELECT record_id FROM devhost_record_ref WHERE ref_id = ?)", workspaceId, type, refId);
    }

    private List<DevRecord> query(String where, String... args) throws SQLException {
        String sql = "SELECT r.id, r.object_type, r.module, r.name, r.subject, r.created_at, r.updated_at"
                + " FROM devhost_record r WHERE " + where + " ORDER BY r.created_at, r.id";
        Map<String, Object[]> rows = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getString(1), new Object[] {rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()});
                    }
                }
            }
            List<DevRecord> out = new ArrayList<>();
            for (Map.Entry<String, Object[]> e : rows.entrySet()) {
                Object[] v = e.getValue();
                out.add(new DevRecord(e.getKey(), (String) v[0], (String) v[1], (String) v[2], (String) v[3],
                        strings(c, "SELECT email FROM devhost_record_email WHERE record_id = ? ORDER BY email",
                                e.getKey()),
                        strings(c, "SELECT ref_id FROM devhost_record_ref WHERE record_id = ? ORDER BY ref_id",
                                e.getKey()),
                        (Instant) v[4], (Instant) v[5]));
            }
            return out;
        }
    }

    private static List<String> strings(Connection c, String sql, String id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void delete(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static void writeEmails(Connection c, String id, List<String> emails) throws SQLException {
        insertPairs(c, "INSERT INTO devhost_record_email (record_id, email) VALUES (?, ?)", id,
                emails.stream().map(String::toLowerCase).distinct().toList());
    }

    private static void writeRefs(Connection c, String id, List<String> refs) throws SQLException {
        insertPairs(c, "INSERT INTO devhost_record_ref (record_id, ref_id) VALUES (?, ?)", id,
                refs.stream().distinct().toList());
    }

    private static void insertPairs(Connection c, String sql, String id, List<String> values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String v : values) {
                ps.setString(1, id);
                ps.setString(2, v);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
