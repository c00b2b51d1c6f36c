package com.workestra.email.store.internal;

import com.workestra.email.store.Leases;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The lease claim, in one place: the key's row is created when missing, then selected {@code FOR UPDATE SKIP LOCKED}
 * only when it is free, expired or already ours, and taken in the same transaction. A node that meets a row another
 * node is claiming right now skips it instead of waiting; one that meets a live lease of another node gets nothing.
 * H2 2.x understands the same clause, so both databases run the same statements.
 */
final class LeaseClaim implements Leases {

    private final Tx tx;
    private final String nodeId;
    private final boolean postgres;

    LeaseClaim(Tx tx, String nodeId, boolean postgres) {
        this.tx = tx;
        this.nodeId = nodeId;
        this.postgres = postgres;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean claim(String key, Instant now, Duration ttl) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        OffsetDateTime until = now.plus(ttl).atOffset(ZoneOffset.UTC);
        ensureRow(key);
        return tx.call(em -> {
            List<?> free = em.createNativeQuery("SELECT lease_key FROM email_lease WHERE lease_key = ?"
                    + " AND (owner IS NULL OR owner = ? OR lease_until IS NULL OR lease_until < ?)"
                    + " FOR UPDATE SKIP LOCKED")
                    .setParameter(1, key).setParameter(2, nodeId).setParameter(3, at).getResultList();
            if (free.isEmpty()) {
                return false;
            }
            em.createNativeQuery("UPDATE email_lease SET owner = ?, lease_until = ? WHERE lease_key = ?")
                    .setParameter(1, nodeId).setParameter(2, until).setParameter(3, key).executeUpdate();
            return true;
        });
    }

    @Override
    public void release(String key) {
        tx.call(em -> em.createNativeQuery("UPDATE email_lease SET owner = NULL, lease_until = NULL"
                + " WHERE lease_key = ? AND owner = ?").setParameter(1, key).setParameter(2, nodeId).executeUpdate());
    }

    /** Creates the key's free row unless it exists; concurrent creators do not fail (one row results). */
    private void ensureRow(String key) {
        // H2's MERGE with only the key column leaves an existing row's owner and lease untouched
        String sql = postgres ? "INSERT INTO email_lease (lease_key) VALUES (?) ON CONFLICT (lease_key) DO NOTHING"
                : "MERGE INTO email_lease (lease_key) KEY (lease_key) VALUES (?)";
        tx.call(em -> em.createNativeQuery(sql).setParameter(1, key).executeUpdate());
    }
}
