package com.workestra.email.store.internal;

import com.workestra.email.store.WorkspaceMailStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link WorkspaceMailStore} on JPA. Secrets arrive sealed; nothing here sees them in clear. */
final class JpaWorkspaceMailStore implements WorkspaceMailStore {

    private static final int DETAIL_LIMIT = 1000;
    private static final long WINDOW_MS = 1000;

    private final Tx tx;

    JpaWorkspaceMailStore(Tx tx) {
        this.tx = tx;
    }

    // ----- sender -----

    @Override
    public Optional<SenderSettings> sender(String workspaceId) {
        return tx.call(em -> Optional.ofNullable(em.find(WorkspaceSenderEntity.class, workspaceId))
                .map(e -> new SenderSettings(e.workspaceId, e.fromAddress, e.fromName, e.rateLimitPerSecond,
                        e.apiKeySealed, e.webhookSecretSealed, e.updatedAt, e.updatedBy)));
    }

    @Override
    public void saveSender(SenderSettings s) {
        tx.call(em -> {
            WorkspaceSenderEntity e = em.find(WorkspaceSenderEntity.class, s.workspaceId(),
                    LockModeType.PESSIMISTIC_WRITE);
            boolean created = e == null;
            if (created) {
                e = new WorkspaceSenderEntity();
                e.workspaceId = s.workspaceId();
            }
            e.fromAddress = s.fromAddress();
            e.fromName = s.fromName();
            e.rateLimitPerSecond = s.rateLimitPerSecond();
            e.apiKeySealed = s.apiKeySealed();
            e.webhookSecretSealed = s.webhookSecretSealed();
            e.updatedAt = s.updatedAt();
            e.updatedBy = s.updatedBy();
            if (created) {
                em.persist(e);
            }
            return null;
        });
    }

    // ----- domains -----

    @Override
    public void saveDomain(DomainRecord d) {
        tx.call(em -> {
            WorkspaceDomainEntity e = em.find(WorkspaceDomainEntity.class, d.id());
            if (e != null && !e.workspaceId.equals(d.workspaceId())) {
                throw new IllegalArgumentException("domain " + d.id() + " belongs to another workspace");
            }
            boolean created = e == null;
            if (created) {
                e = new WorkspaceDomainEntity();
                e.id = d.id();
                e.workspaceId = d.workspaceId();
                e.createdAt = d.createdAt();
            }
            e.name = d.name();
            e.status = d.status();
            e.region = d.region();
            e.updatedAt = d.updatedAt();
            if (created) {
                em.persist(e);
            }
            return null;
        });
    }

    @Override
    public Optional<DomainRecord> domain(String workspaceId, String id) {
        if (id == null || id.length() > 100) {
            return Optional.empty();
        }
        return tx.call(em -> Optional.ofNullable(em.find(WorkspaceDomainEntity.class, id))
                .filter(e -> e.workspaceId.equals(workspaceId)).map(JpaWorkspaceMailStore::domain));
    }

    @Override
    public List<DomainRecord> domains(String workspaceId) {
        return tx.call(em -> em.createQuery("SELECT d FROM WorkspaceDomainEntity d WHERE d.workspaceId = :w"
                + " ORDER BY d.createdAt DESC, d.id DESC", WorkspaceDomainEntity.class).setParameter("w", workspaceId)
                .getResultList().stream().map(JpaWorkspaceMailStore::domain).toList());
    }

    private static DomainRecord domain(WorkspaceDomainEntity e) {
        return new DomainRecord(e.id, e.workspaceId, e.name, e.status, e.region, e.createdAt, e.updatedAt);
    }

    // ----- rate window -----

    @Override
    public Duration acquireSendSlot(String workspaceId, int perSecond, Instant now) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        return withRateRow(workspaceId, now, (em, row) -> {
            long nowMs = now.toEpochMilli();
            if (row.blockedUntil != null && row.blockedUntil.isAfter(now)) {
                return Duration.between(now, row.blockedUntil);
            }
            if (nowMs - row.windowStartMs >= WINDOW_MS || nowMs < row.windowStartMs) {
                row.windowStartMs = nowMs;
                row.used = 0;
            }
            if (row.used < perSecond) {
                row.used++;
                return Duration.ZERO;
            }
            return Duration.ofMillis(Math.max(1, row.windowStartMs + WINDOW_MS - nowMs));
        });
    }

    @Override
    public void blockSends(String workspaceId, Instant until) {
        withRateRow(workspaceId, until, (em, row) -> {
            if (row.blockedUntil == null || row.blockedUntil.isBefore(until)) {
                row.blockedUntil = until;
            }
            return null;
        });
    }

    private interface RateWork<T> {
        T apply(EntityManager em, WorkspaceRateEntity row);
    }

    /** Runs work on the locked rate row of a workspace, creating it first (a concurrent creation is retried). */
    private <T> T withRateRow(String workspaceId, Instant now, RateWork<T> work) {
        for (int attempt = 0; ; attempt++) {
            try {
                return tx.call(em -> {
                    WorkspaceRateEntity row = em.find(WorkspaceRateEntity.class, workspaceId,
                            LockModeType.PESSIMISTIC_WRITE);
                    if (row == null) {
                        row = new WorkspaceRateEntity();
                        row.workspaceId = workspaceId;
                        row.windowStartMs = now.toEpochMilli();
                        row.used = 0;
                        em.persist(row);
                        em.flush();
                    }
                    return work.apply(em, row);
                });
            } catch (PersistenceException e) {
                if (attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    // ----- delivery events -----

    @Override
    public boolean recordDeliveryEvent(DeliveryEvent event) {
        try {
            return tx.call(em -> {
                if (em.find(DeliveryEventEntity.class, scoped(event.workspaceId(), event.svixId())) != null) {
                    return false;
                }
                DeliveryEventEntity e = new DeliveryEventEntity();
                e.key = scoped(event.workspaceId(), event.svixId());
                e.svixId = event.svixId();
                e.providerEmailId = event.providerEmailId();
                e.workspaceId = event.workspaceId();
                e.type = event.type();
                e.occurredAt = event.occurredAt();
                e.detail = clip(event.detail());
                e.receivedAt = event.receivedAt();
                em.persist(e);
                em.flush();
                applyToStatus(em, event);
                return true;
            });
        } catch (PersistenceException e) {
            // the same event arrived twice at once: the other transaction recorded it
            if (tx.call(em -> em.find(DeliveryEventEntity.class, scoped(event.workspaceId(), event.svixId())))
                    != null) {
                return false;
            }
            throw e;
        }
    }

    private static void applyToStatus(EntityManager em, DeliveryEvent event) {
        String key = scoped(event.workspaceId(), event.providerEmailId());
        DeliveryStatusEntity s = em.find(DeliveryStatusEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
        boolean created = s == null;
        if (created) {
            s = new DeliveryStatusEntity();
            s.key = key;
            s.workspaceId = event.workspaceId();
            s.providerEmailId = event.providerEmailId();
        }
        Instant at = event.occurredAt() == null ? event.receivedAt() : event.occurredAt();
        s.lastEvent = event.type();
        switch (event.type()) {
            case "email.delivered" -> s.deliveredAt = at;
            case "email.bounced" -> {
                s.bouncedAt = at;
                String detail = event.detail();
                if (detail != null) {
                    int colon = detail.indexOf(':');
                    s.bounceType = colon < 0 ? clip60(detail) : clip60(detail.substring(0, colon).trim());
                    s.bounceMessage = colon < 0 ? null : clip(detail.substring(colon + 1).trim());
                }
            }
            case "email.complained" -> s.complainedAt = at;
            default -> {
                // sent, opened, clicked, delivery_delayed: only the last event changes
            }
        }
        s.updatedAt = event.receivedAt();
        if (created) {
            em.persist(s);
        }
    }

    @Override
    public Optional<DeliveryStatus> deliveryStatus(String workspaceId, String providerEmailId) {
        if (providerEmailId == null || providerEmailId.length() > 200) {
            return Optional.empty();
        }
        return tx.call(em -> Optional.ofNullable(em.find(DeliveryStatusEntity.class,
                scoped(workspaceId, providerEmailId)))
                .map(s -> new DeliveryStatus(s.providerEmailId, s.lastEvent, s.deliveredAt, s.bouncedAt,
                        s.bounceType, s.bounceMessage, s.complainedAt, s.updatedAt)));
    }

    @Override
    public List<DeliveryEvent> deliveryEvents(String workspaceId, String providerEmailId) {
        return tx.call(em -> em.createQuery("SELECT e FROM DeliveryEventEntity e WHERE e.providerEmailId = :p"
                + " ORDER BY e.receivedAt, e.svixId", DeliveryEventEntity.class).setParameter("p", providerEmailId)
                .getResultList().stream().filter(e -> java.util.Objects.equals(e.workspaceId, workspaceId)).toList().stream().map(e -> new DeliveryEvent(e.svixId, e.providerEmailId, e.workspaceId,
                        e.type, e.occurredAt, e.detail, e.receivedAt)).toList());
    }

    /** The key of a row within its scope: the workspace (empty for the account-wide secret) and the id. */
    private static String scoped(String workspaceId, String id) {
        return (workspaceId == null ? "" : workspaceId) + "|" + id;
    }

    private static String clip(String s) {
        return s == null || s.length() <= DETAIL_LIMIT ? s : s.substring(0, DETAIL_LIMIT);
    }

    private static String clip60(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60);
    }

    // ----- open tracking -----

    @Override
    public void registerPixel(Pixel p) {
        tx.call(em -> {
            TrackingPixelEntity e = new TrackingPixelEntity();
            e.tokenHash = p.tokenHash();
            e.workspaceId = p.workspaceId();
            e.messageId = p.messageId();
            e.recipient = p.recipient();
            e.senderUserId = p.senderUserId();
            e.createdAt = p.createdAt();
            em.persist(e);
            return null;
        });
    }

    @Override
    public Optional<Pixel> pixel(String tokenHash) {
        if (tokenHash == null || tokenHash.length() != 64) {
            return Optional.empty();
        }
        return tx.call(em -> Optional.ofNullable(em.find(TrackingPixelEntity.class, tokenHash))
                .map(e -> new Pixel(e.tokenHash, e.workspaceId, e.messageId, e.recipient, e.senderUserId,
                        e.createdAt)));
    }

    @Override
    public boolean recordOpen(String tokenHash, Instant at, Duration dedupe) {
        if (tokenHash == null || tokenHash.length() != 64) {
            return false;
        }
        return tx.call(em -> {
            // the pixel row's lock serialises concurrent opens of one pixel on every node
            TrackingPixelEntity p = em.find(TrackingPixelEntity.class, tokenHash, LockModeType.PESSIMISTIC_WRITE);
            if (p == null) {
                return false;
            }
            if (p.lastCountedAt != null && at.isBefore(p.lastCountedAt.plus(dedupe))) {
                return false;
            }
            p.lastCountedAt = at;
            OpenEntity o = new OpenEntity();
            o.id = UUID.randomUUID().toString();
            o.tokenHash = tokenHash;
            o.messageId = p.messageId;
            o.openedAt = at;
            em.persist(o);
            return true;
        });
    }

    @Override
    public List<OpenSummary> opensOf(String messageId) {
        return tx.call(em -> {
            Map<String, OpenSummary> byRecipient = new LinkedHashMap<>();
            for (TrackingPixelEntity p : em.createQuery("SELECT p FROM TrackingPixelEntity p WHERE p.messageId = :m"
                    + " ORDER BY p.recipient", TrackingPixelEntity.class).setParameter("m", messageId)
                    .getResultList()) {
                byRecipient.putIfAbsent(p.recipient, new OpenSummary(p.recipient, 0, null, null));
            }
            // the opens of one message are few (recipients x minutes): summed here, read through ix_open_message
            List<Object[]> rows = em.createQuery("SELECT p.recipient, o.openedAt FROM OpenEntity o,"
                    + " TrackingPixelEntity p WHERE o.messageId = :m AND o.tokenHash = p.tokenHash"
                    + " ORDER BY o.openedAt", Object[].class).setParameter("m", messageId).getResultList();
            for (Object[] r : rows) {
                String recipient = (String) r[0];
                Instant at = (Instant) r[1];
                OpenSummary prev = byRecipient.get(recipient);
                byRecipient.put(recipient, prev == null || prev.opens() == 0
                        ? new OpenSummary(recipient, 1, at, at)
                        : new OpenSummary(recipient, prev.opens() + 1, prev.firstOpenedAt(), at));
            }
            return new ArrayList<>(byRecipient.values());
        });
    }
}
