package com.workestra.email.store.internal;

import com.workestra.email.store.JobCursors;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** {@link JobCursors} in email_job_cursor (callers hold the job's lease, so writes do not race). */
final class JpaJobCursors implements JobCursors {

    private final Tx tx;

    JpaJobCursors(Tx tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Cursor> get(String job) {
        return tx.call(em -> {
            List<?> rows = em.createNativeQuery("SELECT position, pass_started_at FROM email_job_cursor"
                    + " WHERE job_name = ?").setParameter(1, job).getResultList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Object[] row = (Object[]) rows.get(0);
            return Optional.of(new Cursor((String) row[0], instant(row[1])));
        });
    }

    @Override
    public void save(String job, Cursor cursor, Instant now) {
        OffsetDateTime started = cursor.passStartedAt() == null ? null
                : cursor.passStartedAt().atOffset(ZoneOffset.UTC);
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        tx.call(em -> {
            int updated = em.createNativeQuery("UPDATE email_job_cursor SET position = ?, pass_started_at = ?,"
                    + " updated_at = ? WHERE job_name = ?").setParameter(1, cursor.position())
                    .setParameter(2, started).setParameter(3, at).setParameter(4, job).executeUpdate();
            if (updated == 0) {
                em.createNativeQuery("INSERT INTO email_job_cursor (job_name, position, pass_started_at, updated_at)"
                        + " VALUES (?, ?, ?, ?)").setParameter(1, job).setParameter(2, cursor.position())
                        .setParameter(3, started).setParameter(4, at).executeUpdate();
            }
            return null;
        });
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime z) {
            return z.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass().getName());
    }
}
