package com.workestra.email.store.internal;

import com.workestra.email.store.internal.vault.Sealed;
import com.workestra.email.store.internal.vault.VaultRotation;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;

/**
 * The token table as seen by {@link VaultRotation}: two rows per connection (access and refresh token), replaced only
 * if unchanged since they were read, so a refresh that happens meanwhile always wins.
 */
final class TokenRows implements VaultRotation.SealedRows {

    private static final String ACCESS = ":1";
    private static final String REFRESH = ":2";

    private final Tx tx;

    TokenRows(Tx tx) {
        this.tx = tx;
    }

    @Override
    public List<VaultRotation.Row> nextBatch(String activeKeyId, String afterRowId, int limit) {
        String afterConnection = afterRowId == null ? "" : afterRowId.substring(0, afterRowId.length() - 2);
        String prefix = Sealed.VERSION + "." + activeKeyId + ".%";
        List<TokenEntity> tokens = tx.call(em -> em.createQuery("SELECT t FROM TokenEntity t"
                + " WHERE t.connectionId >= :after AND ((t.accessToken IS NOT NULL AND t.accessToken NOT LIKE :p)"
                + " OR (t.refreshToken IS NOT NULL AND t.refreshToken NOT LIKE :p)) ORDER BY t.connectionId",
                TokenEntity.class).setParameter("after", afterConnection).setParameter("p", prefix)
                .setMaxResults(limit).getResultList());
        List<VaultRotation.Row> rows = new ArrayList<>();
        for (TokenEntity t : tokens) {
            add(rows, t.connectionId + ACCESS, t.connectionId, t.accessToken, activeKeyId, afterRowId);
            add(rows, t.connectionId + REFRESH, t.connectionId, t.refreshToken, activeKeyId, afterRowId);
        }
        return rows.size() > limit ? rows.subList(0, limit) : rows;
    }

    private static void add(List<VaultRotation.Row> rows, String rowId, String connectionId, String value,
            String activeKeyId, String afterRowId) {
        if (value == null || (afterRowId != null && rowId.compareTo(afterRowId) <= 0)) {
            return;
        }
        Sealed sealed;
        try {
            sealed = Sealed.parse(value);
        } catch (RuntimeException e) {
            return;
        }
        if (!sealed.keyId().equals(activeKeyId)) {
            rows.add(new VaultRotation.Row(rowId, connectionId, sealed));
        }
    }

    @Override
    public void replace(VaultRotation.Row row, Sealed updated) {
        tx.call(em -> {
            TokenEntity t = em.find(TokenEntity.class, row.connectionId(), LockModeType.PESSIMISTIC_WRITE);
            if (t == null) {
                return null;
            }
            String expected = row.sealed().format();
            if (row.rowId().endsWith(ACCESS) && expected.equals(t.accessToken)) {
                t.accessToken = updated.format();
            } else if (row.rowId().endsWith(REFRESH) && expected.equals(t.refreshToken)) {
                t.refreshToken = updated.format();
            }
            return null;
        });
    }
}
