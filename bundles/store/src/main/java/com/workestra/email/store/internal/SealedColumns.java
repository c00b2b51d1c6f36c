package com.workestra.email.store.internal;

import com.workestra.email.store.WorkspaceSecrets;
import com.workestra.email.store.internal.vault.Sealed;
import com.workestra.email.store.internal.vault.VaultRotation;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every sealed column of the store as seen by {@link VaultRotation}: OAuth tokens (access and refresh), Graph
 * subscription client states, the PKCE verifiers of started authorizations and the workspaces' Resend API keys and
 * webhook secrets. A row id is {@code <column number>:<entity id>}, ordered column by column; a value is replaced
 * only if unchanged since it was read, so a refresh or a settings change that happens meanwhile always wins. A new
 * sealed column belongs in {@link #COLUMNS}, or a key can never be retired.
 */
final class SealedColumns implements VaultRotation.SealedRows {

    /**
     * One sealed column.
     *
     * @param entity the entity (JPQL name = simple class name)
     * @param idField the entity's id attribute
     * @param valueField the sealed attribute
     * @param id reads the id
     * @param value reads the sealed text
     * @param set writes the sealed text
     * @param additionalData the additional data the value was sealed with
     */
    record Column<E>(Class<E> entity, String idField, String valueField, Function<E, String> id,
            Function<E, String> value, BiConsumer<E, String> set, Function<E, String> additionalData) {
    }

    static final List<Column<?>> COLUMNS = List.of(
            new Column<>(TokenEntity.class, "connectionId", "accessToken", t -> t.connectionId, t -> t.accessToken,
                    (t, v) -> t.accessToken = v, t -> t.connectionId),
            new Column<>(TokenEntity.class, "connectionId", "refreshToken", t -> t.connectionId,
                    t -> t.refreshToken, (t, v) -> t.refreshToken = v, t -> t.connectionId),
            new Column<>(SubscriptionEntity.class, "id", "clientState", s -> s.id, s -> s.clientState,
                    (s, v) -> s.clientState = v, s -> "subscription:" + s.id),
            new Column<>(OAuthStateEntity.class, "stateHash", "codeVerifier", s -> s.stateHash,
                    s -> s.codeVerifier, (s, v) -> s.codeVerifier = v, s -> "oauth-state:" + s.stateHash),
            new Column<>(WorkspaceSenderEntity.class, "workspaceId", "apiKeySealed", w -> w.workspaceId,
                    w -> w.apiKeySealed, (w, v) -> w.apiKeySealed = v,
                    w -> SealerWorkspaceSecrets.aad(w.workspaceId, WorkspaceSecrets.RESEND_API_KEY)),
            new Column<>(WorkspaceSenderEntity.class, "workspaceId", "webhookSecretSealed", w -> w.workspaceId,
                    w -> w.webhookSecretSealed, (w, v) -> w.webhookSecretSealed = v,
                    w -> SealerWorkspaceSecrets.aad(w.workspaceId, WorkspaceSecrets.RESEND_WEBHOOK_SECRET)));

    private final Tx tx;

    SealedColumns(Tx tx) {
        this.tx = tx;
    }

    @Override
    public List<VaultRotation.Row> nextBatch(String activeKeyId, String afterRowId, int limit) {
        int column = afterRowId == null ? 0 : Integer.parseInt(afterRowId.substring(0, afterRowId.indexOf(':')));
        String after = afterRowId == null ? "" : afterRowId.substring(afterRowId.indexOf(':') + 1);
        List<VaultRotation.Row> rows = new ArrayList<>();
        for (; column < COLUMNS.size() && rows.size() < limit; column++, after = "") {
            rows.addAll(batch(column, COLUMNS.get(column), activeKeyId, after, limit - rows.size()));
        }
        return rows;
    }

    private <E> List<VaultRotation.Row> batch(int number, Column<E> c, String activeKeyId, String after,
            int limit) {
        String prefix = Sealed.VERSION + "." + activeKeyId + ".%";
        List<E> found = tx.call(em -> em.createQuery("SELECT e FROM " + c.entity().getSimpleName() + " e WHERE e."
                + c.idField() + " > :after AND e." + c.valueField() + " IS NOT NULL AND e." + c.valueField()
                + " NOT LIKE :p ORDER BY e." + c.idField(), c.entity())
                .setParameter("after", after).setParameter("p", prefix).setMaxResults(limit).getResultList());
        List<VaultRotation.Row> rows = new ArrayList<>();
        for (E e : found) {
            Sealed sealed;
            try {
                sealed = Sealed.parse(c.value().apply(e));
            } catch (RuntimeException unreadable) {
                continue;
            }
            rows.add(new VaultRotation.Row(number + ":" + c.id().apply(e), c.additionalData().apply(e), sealed));
        }
        return rows;
    }

    @Override
    public void replace(VaultRotation.Row row, Sealed updated) {
        int number = Integer.parseInt(row.rowId().substring(0, row.rowId().indexOf(':')));
        replace(COLUMNS.get(number), row.rowId().substring(row.rowId().indexOf(':') + 1), row.sealed(), updated);
    }

    private static <E> void replace(Column<E> c, String id, Sealed expected, Sealed updated, Tx tx) {
        tx.call(em -> {
            E e = em.find(c.entity(), id, LockModeType.PESSIMISTIC_WRITE);
            if (e != null && expected.format().equals(c.value().apply(e))) {
                c.set().accept(e, updated.format());
            }
            return null;
        });
    }

    private <E> void replace(Column<E> c, String id, Sealed expected, Sealed updated) {
        replace(c, id, expected, updated, tx);
    }
}
