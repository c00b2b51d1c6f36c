package com.workestra.email.store.internal;

import com.workestra.email.store.OutboundStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link OutboundStore} on JPA. Claims are conditional updates ({@code WHERE status IN (queued, scheduled)}), so
 * concurrent claimers on any node get each send at most once; the idempotency key is a unique constraint, so two
 * concurrent first requests with one key store one send.
 */
final class JpaOutboundStore implements OutboundStore {

    private static final int ERROR_LENGTH = 1000;

    private final Tx tx;

    JpaOutboundStore(Tx tx) {
        this.tx = tx;
    }

    @Override
    public Created create(NewSend n) {
        if (n.idempotencyKey() != null) {
            Optional<Send> earlier = byKey(n.workspaceId(), n.userId(), n.idempotencyKey());
            if (earlier.isPresent()) {
                return new Created(earlier.get(), true);
            }
        }
        try {
            return new Created(tx.call(em -> {
                OutboundEntity e = new OutboundEntity();
                e.id = n.id();
                e.workspaceId = n.workspaceId();
                e.userId = n.userId();
                e.idempotencyKey = n.idempotencyKey();
                e.requestHash = n.requestHash();
                e.fromType = n.fromType();
                e.connectionId = n.connectionId();
                e.status = n.status();
                e.internetMessageId = n.internetMessageId();
                e.providerThreadId = n.providerThreadId();
                Content c = n.content();
                e.toList = join(c.to());
                e.ccList = join(c.cc());
                e.bccList = join(c.bcc());
                e.subject = MessageColumns.fit(c.subject(), MessageColumns.SUBJECT);
                e.htmlBody = c.html();
                e.textBody = c.text();
                e.threadHeaders = headers(c.threadHeaders());
                e.links = c.links().isEmpty() ? null : String.join("\n", c.links().stream()
                        .map(l -> l.module() + "\t" + l.objectType() + "\t" + l.objectId()).toList());
                e.mime = c.mime() == null ? null : new String(c.mime(), StandardCharsets.ISO_8859_1);
                e.sizeBytes = c.sizeBytes();
                e.sendAt = MessageColumns.instant(n.sendAt());
                e.nextAttemptAt = MessageColumns.instant(n.sendAt() != null ? n.sendAt() : n.createdAt());
                e.attempts = 0;
                e.createdAt = MessageColumns.instant(n.createdAt());
                e.updatedAt = e.createdAt;
                em.persist(e);
                em.flush();
                return toSend(e);
            }), false);
        } catch (PersistenceException e) {
            // a concurrent request with the same key won the unique constraint: answer with its send
            if (n.idempotencyKey() != null) {
                Optional<Send> earlier = byKey(n.workspaceId(), n.userId(), n.idempotencyKey());
                if (earlier.isPresent()) {
                    return new Created(earlier.get(), true);
                }
            }
            throw e;
        }
    }

    @Override
    public Optional<Send> byIdempotencyKey(String workspaceId, String userId, String key) {
        return byKey(workspaceId, userId, key);
    }

    private Optional<Send> byKey(String workspaceId, String userId, String key) {
        return tx.call(em -> em.createQuery("SELECT o FROM OutboundEntity o WHERE o.workspaceId = :w"
                + " AND o.userId = :u AND o.idempotencyKey = :k", OutboundEntity.class)
                .setParameter("w", workspaceId).setParameter("u", userId).setParameter("k", key)
                .getResultList().stream().findFirst().map(JpaOutboundStore::toSend));
    }

    @Override
    public Optional<Send> find(String id) {
        return tx.call(em -> Optional.ofNullable(em.find(OutboundEntity.class, id)).map(JpaOutboundStore::toSend));
    }

    @Override
    public List<Send> claimDue(Instant now, Instant leaseUntil, int limit) {
        Instant at = MessageColumns.instant(now);
        Instant lease = MessageColumns.instant(leaseUntil);
        return tx.call(em -> {
            List<String> candidates = em.createQuery("SELECT o.id FROM OutboundEntity o WHERE o.status IN :s"
                    + " AND o.nextAttemptAt <= :now ORDER BY o.nextAttemptAt, o.id", String.class)
                    .setParameter("s", List.of(QUEUED, SCHEDULED)).setParameter("now", at).setMaxResults(limit)
                    .getResultList();
            List<String> claimed = new ArrayList<>();
            for (String id : candidates) {
                int n = em.createQuery("UPDATE OutboundEntity o SET o.status = :sending, o.leaseUntil = :lease,"
                        + " o.attempts = o.attempts + 1, o.updatedAt = :now WHERE o.id = :id AND o.status IN :s")
                        .setParameter("sending", SENDING).setParameter("lease", lease).setParameter("now", at)
                        .setParameter("id", id).setParameter("s", List.of(QUEUED, SCHEDULED)).executeUpdate();
                if (n == 1) {
                    claimed.add(id);
                }
            }
            em.clear();
            List<Send> out = new ArrayList<>();
            for (String id : candidates) {
                OutboundEntity e = em.find(OutboundEntity.class, id);
                if (e != null && claimed.contains(id)) {
                    out.add(toSend(e));
                }
            }
            return out;
        });
    }

    @Override
    public int expireLeases(Instant now) {
        return tx.call(em -> em.createQuery("UPDATE OutboundEntity o SET o.status = :unknown, o.lastErrorCode = :code,"
                + " o.lastError = :msg, o.leaseUntil = NULL, o.updatedAt = :now WHERE o.status = :sending"
                + " AND o.leaseUntil < :now").setParameter("unknown", DELIVERY_UNKNOWN)
                .setParameter("code", DELIVERY_UNKNOWN)
                .setParameter("msg", "The server stopped while sending; Workestra checks the sent mail to tell"
                        + " whether it went out.")
                .setParameter("now", MessageColumns.instant(now)).setParameter("sending", SENDING).executeUpdate());
    }

    @Override
    public void markSent(String id, String providerMessageId, Instant at) {
        update(id, e -> {
            e.status = SENT;
            e.providerMessageId = MessageColumns.fitOrNull(providerMessageId, MessageColumns.PROVIDER_ID);
            e.sentAt = MessageColumns.instant(at);
            e.leaseUntil = null;
            e.lastErrorCode = null;
            e.lastError = null;
            e.updatedAt = e.sentAt;
        });
    }

    @Override
    public void markOutcome(String id, String status, String errorCode, String error, Instant at) {
        update(id, e -> {
            e.status = status;
            e.lastErrorCode = errorCode;
            e.lastError = MessageColumns.fitOrNull(error, ERROR_LENGTH);
            e.leaseUntil = null;
            e.updatedAt = MessageColumns.instant(at);
        });
    }

    @Override
    public void retryLater(String id, Instant nextAttemptAt, String errorCode, String error, Instant at) {
        update(id, e -> {
            e.status = QUEUED;
            e.nextAttemptAt = MessageColumns.instant(nextAttemptAt);
            e.lastErrorCode = errorCode;
            e.lastError = MessageColumns.fitOrNull(error, ERROR_LENGTH);
            e.leaseUntil = null;
            e.updatedAt = MessageColumns.instant(at);
        });
    }

    @Override
    public void setLocalMessage(String id, String localMessageId) {
        update(id, e -> e.localMessageId = localMessageId);
    }

    @Override
    public Optional<Send> cancel(String id, Instant at) {
        return tx.call(em -> {
            em.createQuery("UPDATE OutboundEntity o SET o.status = :cancelled, o.updatedAt = :now WHERE o.id = :id"
                    + " AND o.status = :scheduled").setParameter("cancelled", CANCELLED)
                    .setParameter("now", MessageColumns.instant(at)).setParameter("id", id)
                    .setParameter("scheduled", SCHEDULED).executeUpdate();
            em.clear();
            return Optional.ofNullable(em.find(OutboundEntity.class, id)).map(JpaOutboundStore::toSend);
        });
    }

    @Override
    public List<Send> unknown(Instant since, int limit) {
        return tx.call(em -> em.createQuery("SELECT o FROM OutboundEntity o WHERE o.status = :s"
                + " AND o.createdAt >= :since ORDER BY o.createdAt DESC, o.id", OutboundEntity.class)
                .setParameter("s", DELIVERY_UNKNOWN).setParameter("since", MessageColumns.instant(since))
                .setMaxResults(limit).getResultList().stream().map(JpaOutboundStore::toSend).toList());
    }

    @Override
    public boolean providerCopyExists(String connectionId, String internetMessageId) {
        return tx.call(em -> !em.createQuery("SELECT m.id FROM MessageEntity m WHERE m.connectionId = :c"
                + " AND m.internetMessageId = :i AND m.providerId NOT LIKE :local", String.class)
                .setParameter("c", connectionId)
                .setParameter("i", MessageColumns.fitOrNull(internetMessageId, MessageColumns.MESSAGE_ID))
                .setParameter("local", JpaMessageStore.LOCAL_PREFIX + "%").setMaxResults(1).getResultList()
                .isEmpty());
    }

    @Override
    public List<Signature> signatures(String workspaceId, String userId) {
        return tx.call(em -> em.createQuery("SELECT s FROM SignatureEntity s WHERE s.workspaceId = :w"
                + " AND s.userId = :u ORDER BY s.createdAt, s.id", SignatureEntity.class)
                .setParameter("w", workspaceId).setParameter("u", userId).getResultList().stream()
                .map(JpaOutboundStore::toSignature).toList());
    }

    @Override
    public Optional<Signature> signature(String workspaceId, String userId, String id) {
        return tx.call(em -> owned(em, workspaceId, userId, id).map(JpaOutboundStore::toSignature));
    }

    @Override
    public Optional<Signature> saveSignature(String workspaceId, String userId, String id, SignatureData data,
            Instant at) {
        Instant now = MessageColumns.instant(at);
        return tx.call(em -> {
            SignatureEntity s;
            if (id == null) {
                s = new SignatureEntity();
                s.id = UUID.randomUUID().toString();
                s.workspaceId = workspaceId;
                s.userId = userId;
                s.createdAt = now;
                em.persist(s);
            } else {
                Optional<SignatureEntity> found = owned(em, workspaceId, userId, id);
                if (found.isEmpty()) {
                    return Optional.<Signature>empty();
                }
                s = found.get();
            }
            s.name = data.name();
            s.html = data.html();
            s.defaultNew = data.defaultForNew();
            s.defaultReplies = data.defaultForReplies();
            s.updatedAt = now;
            for (SignatureEntity other : em.createQuery("SELECT s FROM SignatureEntity s WHERE s.workspaceId = :w"
                    + " AND s.userId = :u AND s.id <> :id", SignatureEntity.class).setParameter("w", workspaceId)
                    .setParameter("u", userId).setParameter("id", s.id).getResultList()) {
                if (data.defaultForNew() && other.defaultNew) {
                    other.defaultNew = false;
                    other.updatedAt = now;
                }
                if (data.defaultForReplies() && other.defaultReplies) {
                    other.defaultReplies = false;
                    other.updatedAt = now;
                }
            }
            return Optional.of(toSignature(s));
        });
    }

    @Override
    public boolean deleteSignature(String workspaceId, String userId, String id) {
        return tx.call(em -> {
            Optional<SignatureEntity> s = owned(em, workspaceId, userId, id);
            s.ifPresent(em::remove);
            return s.isPresent();
        });
    }

    @Override
    public Optional<SenderChoice> lastSender(String workspaceId, String userId) {
        return tx.call(em -> Optional.ofNullable(em.find(SenderChoiceEntity.class,
                new SenderChoiceEntity.Key(workspaceId, userId))).map(e -> new SenderChoice(e.fromType,
                        e.connectionId)));
    }

    @Override
    public void rememberSender(String workspaceId, String userId, SenderChoice choice, Instant at) {
        tx.call(em -> {
            SenderChoiceEntity e = em.find(SenderChoiceEntity.class, new SenderChoiceEntity.Key(workspaceId, userId));
            if (e == null) {
                e = new SenderChoiceEntity();
                e.workspaceId = workspaceId;
                e.userId = userId;
                em.persist(e);
            }
            e.fromType = choice.type();
            e.connectionId = choice.connectionId();
            e.updatedAt = MessageColumns.instant(at);
            return null;
        });
    }

    private static Optional<SignatureEntity> owned(EntityManager em, String workspaceId, String userId, String id) {
        SignatureEntity s = id == null ? null : em.find(SignatureEntity.class, id);
        return s != null && s.workspaceId.equals(workspaceId) && s.userId.equals(userId) ? Optional.of(s)
                : Optional.empty();
    }

    private void update(String id, java.util.function.Consumer<OutboundEntity> change) {
        tx.call(em -> {
            OutboundEntity e = em.find(OutboundEntity.class, id);
            if (e == null) {
                throw new IllegalArgumentException("No send " + id);
            }
            change.accept(e);
            return null;
        });
    }

    private static Signature toSignature(SignatureEntity s) {
        return new Signature(s.id, new SignatureData(s.name, s.html, s.defaultNew, s.defaultReplies), s.updatedAt);
    }

    private static Send toSend(OutboundEntity e) {
        Content c = new Content(split(e.toList), split(e.ccList), split(e.bccList), e.subject, e.htmlBody,
                e.textBody, parseHeaders(e.threadHeaders),
                e.mime == null ? null : e.mime.getBytes(StandardCharsets.ISO_8859_1), e.sizeBytes, links(e.links));
        return new Send(e.id, e.workspaceId, e.userId, e.idempotencyKey, e.requestHash, e.fromType, e.connectionId,
                e.status, e.internetMessageId, e.providerThreadId, c, e.sendAt, e.attempts, e.lastErrorCode,
                e.lastError, e.providerMessageId, e.localMessageId, e.createdAt, e.sentAt);
    }

    private static List<com.workestra.email.store.LinkStore.Target> links(String column) {
        if (column == null || column.isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.stream(column.split("\n")).map(l -> l.split("\t", 3)).filter(p -> p.length == 3)
                .map(p -> new com.workestra.email.store.LinkStore.Target(p[0], p[1], p[2])).toList();
    }

    private static String join(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join("\n", values);
    }

    private static List<String> split(String value) {
        return value == null || value.isEmpty() ? List.of() : List.of(value.split("\n"));
    }

    private static String headers(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    private static Map<String, String> parseHeaders(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value != null) {
            for (String line : value.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    out.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
        }
        return out;
    }
}
