package com.workestra.email.store.internal;

import com.workestra.email.store.MessageStore.MessageFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The email_message_failure table: failed attempts per message and the messages set aside. */
final class MessageFailures {

    private static final int REASON_LIMIT = 1000;

    private final Tx tx;

    MessageFailures(Tx tx) {
        this.tx = tx;
    }

    int record(String connectionId, String providerId, String reason, Instant at, int setAsideAfter) {
        String why = reason == null ? "unknown" : reason.length() <= REASON_LIMIT ? reason
                : reason.substring(0, REASON_LIMIT);
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        return tx.call(em -> {
            List<?> found = em.createNativeQuery("SELECT attempts FROM email_message_failure WHERE connection_id = ?"
                    + " AND provider_id = ? FOR UPDATE").setParameter(1, connectionId).setParameter(2, providerId)
                    .getResultList();
            int attempts = found.isEmpty() ? 1 : ((Number) found.get(0)).intValue() + 1;
            if (found.isEmpty()) {
                em.createNativeQuery("INSERT INTO email_message_failure (connection_id, provider_id, attempts, reason,"
                        + " first_failed_at, last_failed_at, set_aside) VALUES (?, ?, ?, ?, ?, ?, ?)")
                        .setParameter(1, connectionId).setParameter(2, providerId).setParameter(3, attempts)
                        .setParameter(4, why).setParameter(5, when).setParameter(6, when)
                        .setParameter(7, attempts >= setAsideAfter).executeUpdate();
            } else {
                em.createNativeQuery("UPDATE email_message_failure SET attempts = ?, reason = ?, last_failed_at = ?,"
                        + " set_aside = ? WHERE connection_id = ? AND provider_id = ?")
                        .setParameter(1, attempts).setParameter(2, why).setParameter(3, when)
                        .setParameter(4, attempts >= setAsideAfter).setParameter(5, connectionId)
                        .setParameter(6, providerId).executeUpdate();
            }
            return attempts;
        });
    }

    Set<String> setAside(String connectionId, Collection<String> providerIds) {
        if (providerIds.isEmpty()) {
            return Set.of();
        }
        return tx.call(em -> {
            Set<String> out = new HashSet<>();
            // a mailbox has few of them: read its set-aside ids once instead of binding every id of the page
            for (Object id : em.createNativeQuery("SELECT provider_id FROM email_message_failure"
                    + " WHERE connection_id = ? AND set_aside = TRUE").setParameter(1, connectionId).getResultList()) {
                if (providerIds.contains(String.valueOf(id))) {
                    out.add(String.valueOf(id));
                }
            }
            return out;
        });
    }

    List<MessageFailure> list(int limit) {
        return tx.call(em -> {
            List<MessageFailure> out = new ArrayList<>();
            for (Object row : em.createNativeQuery("SELECT connection_id, provider_id, attempts, reason, last_failed_at,"
                    + " set_aside FROM email_message_failure ORDER BY last_failed_at DESC").setMaxResults(limit)
                    .getResultList()) {
                Object[] r = (Object[]) row;
                out.add(new MessageFailure(String.valueOf(r[0]), String.valueOf(r[1]), ((Number) r[2]).intValue(),
                        String.valueOf(r[3]), instant(r[4]), Boolean.TRUE.equals(r[5])));
            }
            return out;
        });
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        } else if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        } else if (value instanceof Instant i) {
            return i;
        }
        return null;
    }
}
