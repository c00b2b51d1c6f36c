package com.workestra.email.store.internal;

import com.workestra.email.store.ReadStateOutbox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link ReadStateOutbox} in SQL. A claim is a conditional update on the row's due time, so two nodes never claim the
 * same row (the loser's update matches nothing); an expired claim is simply due again.
 */
final class JdbcReadOutbox implements ReadStateOutbox {

    private final InboxJdbc db;

    JdbcReadOutbox(DataSource dataSource) {
        this.db = new InboxJdbc(dataSource);
    }

    @Override
    public List<PendingRead> claimDue(Instant now, Instant leaseUntil, int max) {
        Instant t = MessageColumns.instant(now);
        Instant lease = MessageColumns.instant(leaseUntil);
        return db.tx(c -> {
            record Due(String id, String messageId, String connectionId, boolean want, int attempts, Instant next,
                    String providerId, boolean read, boolean deleted) {
            }
            List<Due> due = new ArrayList<>();
            try (PreparedStatement ps = InboxJdbc.prepare(c, "SELECT o.id, o.message_id, o.connection_id,"
                    + " o.want_read, o.attempts, o.next_attempt_at, m.provider_id, m.is_read, m.deleted FROM"
                    + " email_read_outbox o JOIN email_message m ON m.id = o.message_id WHERE o.state = 'pending'"
                    + " AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at LIMIT ?", List.of(t, max));
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            rs.getInt(5), InboxJdbc.instant(rs, "next_attempt_at"), rs.getString(7),
                            rs.getBoolean(8), rs.getBoolean(9)));
                }
            }
            List<PendingRead> out = new ArrayList<>();
            for (Due d : due) {
                if (d.deleted() || d.read() != d.want()) {
                    // the state changed since the user's click (sync brought the provider's newer state): keep it
                    InboxJdbc.update(c, "UPDATE email_read_outbox SET state = 'superseded', updated_at = ? WHERE"
                            + " id = ? AND state = 'pending'", t, d.id());
                } else if (InboxJdbc.update(c, "UPDATE email_read_outbox SET next_attempt_at = ?,"
                        + " attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'pending'"
                        + " AND next_attempt_at = ?", lease, t, d.id(), d.next()) == 1) {
                    out.add(new PendingRead(d.id(), d.messageId(), d.connectionId(), d.providerId(), d.want(),
                            d.attempts()));
                }
            }
            return out;
        });
    }

    @Override
    public void done(String id, Instant now) {
        db.tx(c -> InboxJdbc.update(c, "UPDATE email_read_outbox SET state = 'done', last_error = NULL,"
                + " updated_at = ? WHERE id = ? AND state = 'pending'", MessageColumns.instant(now), id));
    }

    @Override
    public void retry(String id, Instant next, String errorCode, Instant now) {
        db.tx(c -> InboxJdbc.update(c, "UPDATE email_read_outbox SET next_attempt_at = ?, last_error = ?,"
                + " updated_at = ? WHERE id = ? AND state = 'pending'", MessageColumns.instant(next),
                errorCode, MessageColumns.instant(now), id));
    }

    @Override
    public void giveUp(String id, String errorCode, Instant now) {
        db.tx(c -> InboxJdbc.update(c, "UPDATE email_read_outbox SET state = 'failed', last_error = ?,"
                + " updated_at = ? WHERE id = ? AND state = 'pending'", errorCode, MessageColumns.instant(now), id));
    }
}
