package com.workestra.email.store.internal;

import com.workestra.email.store.PushStore;
import com.workestra.email.store.SubscriptionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link PushStore} on JPA; client states are sealed before they are written. */
final class JpaPushStore implements PushStore {

    private static final int RESOURCE_LIMIT = 1000;

    private final Tx tx;
    private final Sealer sealer;

    JpaPushStore(Tx tx, Sealer sealer) {
        this.tx = tx;
        this.sealer = sealer;
    }

    @Override
    public void saveSubscription(SubscriptionRecord s) {
        tx.call(em -> {
            SubscriptionEntity e = new SubscriptionEntity();
            e.id = s.id();
            e.connectionId = s.connectionId();
            e.providerSubscriptionId = s.providerSubscriptionId();
            e.clientState = sealer.seal("subscription:" + s.id(), s.clientState());
            e.expiresAt = s.expiresAt();
            e.createdAt = s.createdAt();
            em.persist(e);
            return null;
        });
    }

    @Override
    public Optional<SubscriptionRecord> subscriptionByProviderId(String providerSubscriptionId) {
        if (providerSubscriptionId == null || providerSubscriptionId.length() > 200) {
            return Optional.empty();
        }
        return tx.call(em -> em.createQuery("SELECT s FROM SubscriptionEntity s WHERE s.providerSubscriptionId = :p",
                SubscriptionEntity.class).setParameter("p", providerSubscriptionId).getResultList().stream()
                .findFirst().map(this::record));
    }

    @Override
    public List<SubscriptionRecord> subscriptionsOf(String connectionId) {
        return tx.call(em -> em.createQuery("SELECT s FROM SubscriptionEntity s WHERE s.connectionId = :c"
                + " ORDER BY s.createdAt", SubscriptionEntity.class).setParameter("c", connectionId).getResultList()
                .stream().map(this::record).toList());
    }

    @Override
    public List<SubscriptionRecord> expiringBefore(Instant instant) {
        return tx.call(em -> em.createQuery("SELECT s FROM SubscriptionEntity s WHERE s.expiresAt < :t"
                + " ORDER BY s.expiresAt", SubscriptionEntity.class).setParameter("t", instant).getResultList()
                .stream().map(this::record).toList());
    }

    @Override
    public void renewed(String id, Instant expiresAt) {
        tx.call(em -> {
            SubscriptionEntity e = em.find(SubscriptionEntity.class, id);
            if (e != null) {
                e.expiresAt = expiresAt;
            }
            return null;
        });
    }

    @Override
    public void deleteSubscription(String id) {
        tx.call(em -> {
            SubscriptionEntity e = em.find(SubscriptionEntity.class, id);
            if (e != null) {
                em.remove(e);
            }
            return null;
        });
    }

    @Override
    public void recordHint(String connectionId, String kind, String resource, Instant receivedAt) {
        tx.call(em -> {
            PushHintEntity h = new PushHintEntity();
            h.id = UUID.randomUUID().toString();
            h.connectionId = connectionId;
            h.kind = kind;
            h.resource = resource == null ? null : resource.substring(0, Math.min(resource.length(), RESOURCE_LIMIT));
            h.receivedAt = receivedAt;
            em.persist(h);
            return null;
        });
    }

    @Override
    public java.util.Set<String> connectionsWithPendingHints() {
        return tx.call(em -> new java.util.HashSet<>(em.createQuery("SELECT DISTINCT h.connectionId FROM"
                + " PushHintEntity h WHERE h.processedAt IS NULL", String.class).getResultList()));
    }

    @Override
    public java.util.Set<String> pendingHintKinds(String connectionId) {
        return tx.call(em -> new java.util.HashSet<>(em.createQuery("SELECT DISTINCT h.kind FROM PushHintEntity h"
                + " WHERE h.connectionId = :c AND h.processedAt IS NULL", String.class)
                .setParameter("c", connectionId).getResultList()));
    }

    @Override
    public long pendingHints(String connectionId) {
        return tx.call(em -> em.createQuery("SELECT COUNT(h) FROM PushHintEntity h WHERE h.connectionId = :c"
                + " AND h.processedAt IS NULL", Long.class).setParameter("c", connectionId).getSingleResult());
    }

    @Override
    public int markHintsProcessed(String connectionId, Instant upTo, Instant processedAt) {
        return tx.call(em -> em.createQuery("UPDATE PushHintEntity h SET h.processedAt = :now WHERE"
                + " h.connectionId = :c AND h.processedAt IS NULL AND h.receivedAt <= :upTo")
                .setParameter("now", processedAt).setParameter("c", connectionId).setParameter("upTo", upTo)
                .executeUpdate());
    }

    private SubscriptionRecord record(SubscriptionEntity e) {
        return new SubscriptionRecord(e.id, e.connectionId, e.providerSubscriptionId,
                sealer.open("subscription:" + e.id, e.clientState), e.expiresAt, e.createdAt);
    }
}
