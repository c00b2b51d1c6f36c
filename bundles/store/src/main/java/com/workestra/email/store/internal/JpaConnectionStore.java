package com.workestra.email.store.internal;

import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.OAuthState;
import com.workestra.email.store.TokenSet;
import com.workestra.email.store.TokenUpdate;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link ConnectionStore} on JPA; tokens and PKCE verifiers are sealed before they are written. */
final class JpaConnectionStore implements ConnectionStore {

    private static final int MESSAGE_LIMIT = 1000;

    private final Tx tx;
    private final Sealer sealer;

    JpaConnectionStore(Tx tx, Sealer sealer) {
        this.tx = tx;
        this.sealer = sealer;
    }

    @Override
    public ConnectionRecord connect(NewConnection n, TokenSet tokens, Instant now) {
        return tx.call(em -> {
            List<ConnectionEntity> same = em.createQuery("SELECT c FROM ConnectionEntity c WHERE c.workspaceId = :w"
                    + " AND c.userId = :u AND c.provider = :p AND c.accountId = :a", ConnectionEntity.class)
                    .setParameter("w", n.workspaceId()).setParameter("u", n.userId())
                    .setParameter("p", n.provider()).setParameter("a", n.accountId())
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            ConnectionEntity c;
            if (same.isEmpty()) {
                c = new ConnectionEntity();
                c.id = UUID.randomUUID().toString();
                c.workspaceId = n.workspaceId();
                c.userId = n.userId();
                c.provider = n.provider();
                c.accountId = n.accountId();
                c.kind = n.kind();
                c.delegatedBy = n.delegatedBy();
                c.connectedAt = now;
                // a new mailbox is shared with teammates as the workspace's admin chose (reconnects keep theirs)
                c.visibility = JpaLinkStore.defaultVisibility(em, n.workspaceId());
                em.persist(c);
            } else {
                c = same.get(0);
            }
            c.address = n.address();
            c.displayName = n.displayName();
            c.status = ConnectionRecord.ACTIVE;
            c.disconnectedAt = null;
            c.lastErrorCode = null;
            c.lastErrorMessage = null;
            if (tokens != null) {
                writeTokens(em, c.id, tokens, now);
            }
            return c.toRecord();
        });
    }

    @Override
    public Optional<ConnectionRecord> find(String id) {
        return tx.call(em -> Optional.ofNullable(em.find(ConnectionEntity.class, id)).map(ConnectionEntity::toRecord));
    }

    @Override
    public List<ConnectionRecord> list(String workspaceId, String userId, String provider) {
        return tx.call(em -> em.createQuery("SELECT c FROM ConnectionEntity c WHERE c.workspaceId = :w"
                + " AND c.userId = :u AND (:p IS NULL OR c.provider = :p) ORDER BY c.connectedAt, c.id",
                ConnectionEntity.class).setParameter("w", workspaceId).setParameter("u", userId)
                .setParameter("p", provider).getResultList().stream().map(ConnectionEntity::toRecord).toList());
    }

    @Override
    public List<ConnectionRecord> all() {
        return tx.call(em -> em.createQuery("SELECT c FROM ConnectionEntity c ORDER BY c.workspaceId, c.userId,"
                + " c.connectedAt", ConnectionEntity.class).getResultList().stream()
                .map(ConnectionEntity::toRecord).toList());
    }

    @Override
    public int defer(String id, Instant at, Instant notBefore, String reason, boolean transientFailure) {
        return tx.call(em -> {
            ConnectionEntity c = em.find(ConnectionEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (c == null) {
                return 0;
            }
            c.lastAttemptAt = at;
            SyncBackoffEntity b = em.find(SyncBackoffEntity.class, id);
            if (b == null) {
                b = new SyncBackoffEntity();
                b.connectionId = id;
                em.persist(b);
            }
            b.notBefore = notBefore;
            b.failures = transientFailure ? b.failures + 1 : b.failures;
            b.reason = reason;
            b.updatedAt = at;
            return b.failures;
        });
    }

    @Override
    public Map<String, Instant> deferrals() {
        return tx.call(em -> {
            Map<String, Instant> out = new HashMap<>();
            for (SyncBackoffEntity b : em.createQuery("SELECT b FROM SyncBackoffEntity b", SyncBackoffEntity.class)
                    .getResultList()) {
                out.put(b.connectionId, b.notBefore);
            }
            return out;
        });
    }

    @Override
    public List<ConnectionRecord> activePage(String afterId, int limit) {
        return tx.call(em -> em.createQuery("SELECT c FROM ConnectionEntity c WHERE c.status = :s AND c.id > :after"
                + " ORDER BY c.id", ConnectionEntity.class).setParameter("s", ConnectionRecord.ACTIVE)
                .setParameter("after", afterId == null ? "" : afterId).setMaxResults(limit).getResultList().stream()
                .map(ConnectionEntity::toRecord).toList());
    }

    @Override
    public void recordAttempt(String id, Instant at, String errorCode, String errorMessage) {
        tx.call(em -> {
            ConnectionEntity c = em.find(ConnectionEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (c != null) {
                c.lastAttemptAt = at;
                if (errorCode == null) {
                    SyncBackoffEntity b = em.find(SyncBackoffEntity.class, id);
                    if (b != null) {
                        em.remove(b);
                    }
                    c.lastSuccessAt = at;
                    c.lastErrorCode = null;
                    c.lastErrorMessage = null;
                } else {
                    c.lastErrorCode = errorCode;
                    c.lastErrorMessage = errorMessage == null ? null
                            : errorMessage.substring(0, Math.min(errorMessage.length(), MESSAGE_LIMIT));
                }
            }
            return null;
        });
    }

    @Override
    public void disconnect(String id, Instant at) {
        tx.call(em -> {
            ConnectionEntity c = em.find(ConnectionEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (c != null) {
                c.status = ConnectionRecord.DISCONNECTED;
                c.disconnectedAt = at;
                TokenEntity t = em.find(TokenEntity.class, id);
                if (t != null) {
                    em.remove(t);
                }
            }
            return null;
        });
    }

    @Override
    public void setIntake(String id, String module) {
        tx.call(em -> {
            ConnectionEntity c = em.find(ConnectionEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (c != null) {
                c.intakeModule = module;
            }
            return null;
        });
    }

    @Override
    public Optional<TokenSet> tokens(String id) {
        return tx.call(em -> Optional.ofNullable(em.find(TokenEntity.class, id)).map(this::open));
    }

    @Override
    public <X extends Exception> TokenSet updateTokens(String id, TokenUpdate<X> update) throws X {
        return tx.run(em -> {
            TokenEntity t = em.find(TokenEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (t == null) {
                throw new IllegalStateException("The connection has no tokens (disconnected).");
            }
            TokenSet current = open(t);
            TokenSet next = update.apply(current);
            if (next != current) {
                writeTokens(em, id, next, Instant.now());
            }
            return next;
        });
    }

    @Override
    public void saveState(String state, OAuthState pending) {
        tx.call(em -> {
            OAuthStateEntity s = new OAuthStateEntity();
            s.stateHash = hash(state);
            s.workspaceId = pending.workspaceId();
            s.userId = pending.userId();
            s.provider = pending.provider();
            s.codeVerifier = sealer.seal("oauth-state:" + s.stateHash, pending.codeVerifier());
            s.redirectAfter = pending.redirectAfter();
            s.createdAt = Instant.now();
            s.expiresAt = pending.expiresAt();
            em.persist(s);
            // expired states of anybody are garbage: drop them on the way
            em.createQuery("DELETE FROM OAuthStateEntity s WHERE s.expiresAt < :now")
                    .setParameter("now", s.createdAt.minusSeconds(3600)).executeUpdate();
            return null;
        });
    }

    @Override
    public Optional<OAuthState> consumeState(String state, Instant now) {
        if (state == null || state.isEmpty() || state.length() > 512) {
            return Optional.empty();
        }
        String h = hash(state);
        return tx.call(em -> {
            OAuthStateEntity s = em.find(OAuthStateEntity.class, h, LockModeType.PESSIMISTIC_WRITE);
            if (s == null) {
                return Optional.empty();
            }
            em.remove(s);
            if (!s.expiresAt.isAfter(now)) {
                return Optional.empty();
            }
            return Optional.of(new OAuthState(s.workspaceId, s.userId, s.provider,
                    sealer.open("oauth-state:" + s.stateHash, s.codeVerifier), s.redirectAfter, s.expiresAt));
        });
    }

    private void writeTokens(EntityManager em, String id, TokenSet tokens, Instant now) {
        TokenEntity t = em.find(TokenEntity.class, id);
        if (t == null) {
            t = new TokenEntity();
            t.connectionId = id;
            em.persist(t);
        }
        t.accessToken = tokens.accessToken() == null ? null : sealer.seal(id, tokens.accessToken());
        t.refreshToken = tokens.refreshToken() == null ? null : sealer.seal(id, tokens.refreshToken());
        t.accessExpiresAt = tokens.accessExpiresAt();
        t.scopes = tokens.scopes();
        t.updatedAt = now;
    }

    private TokenSet open(TokenEntity t) {
        return new TokenSet(t.accessToken == null ? null : sealer.open(t.connectionId, t.accessToken),
                t.accessExpiresAt, t.refreshToken == null ? null : sealer.open(t.connectionId, t.refreshToken),
                t.scopes);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
