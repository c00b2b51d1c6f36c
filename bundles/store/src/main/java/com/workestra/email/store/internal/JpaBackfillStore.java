package com.workestra.email.store.internal;

import com.workestra.email.store.BackfillRecord;
import com.workestra.email.store.BackfillStore;
import com.workestra.email.store.MessageStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link BackfillStore} on JPA. Starting and moving a job lock the connection's row (or the job's), so two requests or
 * two nodes never start two jobs or make two transitions at once; a slice joins the message store's upsert to the
 * job's new position in one transaction.
 */
final class JpaBackfillStore implements BackfillStore {

    private static final int ERROR_LENGTH = 1000;
    private static final int TOKEN_LENGTH = 4000;

    private final Tx tx;
    private final MessageStore messages;

    /** Uses the SAME {@link Tx} as {@code messages}, so a slice's rows and position commit together. */
    JpaBackfillStore(Tx tx, MessageStore messages) {
        this.tx = tx;
        this.messages = messages;
    }

    @Override
    public BackfillRecord start(String connectionId, String range, Instant since, Long total, Instant now) {
        return tx.call(em -> {
            lockConnection(em, connectionId);
            Optional<BackfillEntity> latest = latest(em, connectionId);
            if (latest.isPresent() && latest.get().record().open()) {
                throw new Conflict("A backfill of this mailbox is already " + latest.get().state + ".",
                        latest.get().record());
            }
            BackfillEntity e = create(connectionId, range, since, now);
            e.state = BackfillRecord.RUNNING;
            e.total = total;
            em.persist(e);
            return e.record();
        });
    }

    @Override
    public BackfillRecord recordCompleted(String connectionId, String range, Instant since, long processed,
            Instant now) {
        return tx.call(em -> {
            lockConnection(em, connectionId);
            BackfillEntity e = create(connectionId, range, since, now);
            e.state = BackfillRecord.COMPLETED;
            e.processed = processed;
            e.total = processed;
            e.finishedAt = now;
            em.persist(e);
            return e.record();
        });
    }

    @Override
    public Optional<BackfillRecord> find(String id) {
        return tx.call(em -> Optional.ofNullable(em.find(BackfillEntity.class, id)).map(BackfillEntity::record));
    }

    @Override
    public Optional<BackfillRecord> latest(String connectionId) {
        return tx.call(em -> latest(em, connectionId).map(BackfillEntity::record));
    }

    @Override
    public List<BackfillRecord> latestOfAll() {
        return tx.call(em -> em.createQuery("SELECT b FROM BackfillEntity b WHERE b.startedAt ="
                + " (SELECT MAX(x.startedAt) FROM BackfillEntity x WHERE x.connectionId = b.connectionId)"
                + " ORDER BY b.connectionId", BackfillEntity.class).getResultList().stream()
                .map(BackfillEntity::record).toList());
    }

    @Override
    public List<BackfillRecord> running(int limit) {
        return tx.call(em -> em.createQuery("SELECT b FROM BackfillEntity b WHERE b.state = :s"
                + " ORDER BY b.updatedAt, b.id", BackfillEntity.class).setParameter("s", BackfillRecord.RUNNING)
                .setMaxResults(limit).getResultList().stream().map(BackfillEntity::record).toList());
    }

    @Override
    public Optional<BackfillRecord> transition(String connectionId, String action, Instant now) {
        if (!List.of("pause", "resume", "cancel").contains(action)) {
            throw new IllegalArgumentException("Unknown backfill action " + action + ".");
        }
        return tx.call(em -> {
            lockConnection(em, connectionId);
            Optional<BackfillEntity> found = latest(em, connectionId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            BackfillEntity e = em.find(BackfillEntity.class, found.get().id, LockModeType.PESSIMISTIC_WRITE);
            String to = switch (action) {
                case "pause" -> BackfillRecord.RUNNING.equals(e.state) ? BackfillRecord.PAUSED : null;
                case "resume" -> BackfillRecord.PAUSED.equals(e.state) || BackfillRecord.FAILED.equals(e.state)
                        ? BackfillRecord.RUNNING : null;
                default -> e.record().open() ? BackfillRecord.CANCELLED : null;
            };
            if (to == null) {
                throw new Conflict("A " + e.state + " backfill cannot " + action + ".", e.record());
            }
            e.state = to;
            e.updatedAt = now;
            if (BackfillRecord.RUNNING.equals(to)) {
                e.finishedAt = null;
                e.attempts = 0;
                e.lastError = null;
            } else if (BackfillRecord.CANCELLED.equals(to)) {
                e.finishedAt = now;
            }
            return Optional.of(e.record());
        });
    }

    @Override
    public Optional<BackfillRecord> commitSlice(String jobId, int folderIndex, String pageToken, Slice slice,
            Instant now) {
        if (slice.nextPageToken() != null && slice.nextPageToken().length() > TOKEN_LENGTH) {
            // a cut token would repeat or skip pages: refuse before writing anything
            throw new IllegalArgumentException("Provider page token longer than " + TOKEN_LENGTH + " characters.");
        }
        Optional<BackfillRecord> after = tx.call(em -> {
            BackfillEntity e = em.find(BackfillEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE);
            if (e == null || !BackfillRecord.RUNNING.equals(e.state) || e.folderIndex != folderIndex
                    || !Objects.equals(e.pageToken, pageToken)) {
                return Optional.empty();
            }
            messages.apply(e.connectionId, slice.messages(), List.of(), List.of(), null);
            e.processed += slice.listed();
            e.folderIndex = slice.nextFolderIndex();
            e.pageToken = slice.nextPageToken();
            if (slice.total() != null) {
                e.total = slice.total();
            }
            e.attempts = 0;
            e.lastError = null;
            e.updatedAt = now;
            if (slice.done()) {
                e.state = BackfillRecord.COMPLETED;
                e.finishedAt = now;
                e.total = e.processed;
            }
            return Optional.of(e.record());
        });
        if (messages instanceof JpaMessageStore rows) {
            rows.committed();
        }
        return after;
    }

    @Override
    public BackfillRecord recordError(String jobId, String errorCode, boolean fail, Instant now) {
        return tx.call(em -> {
            BackfillEntity e = em.find(BackfillEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                throw new IllegalArgumentException("No backfill " + jobId + ".");
            }
            e.attempts++;
            e.lastError = errorCode == null || errorCode.length() <= ERROR_LENGTH ? errorCode
                    : errorCode.substring(0, ERROR_LENGTH);
            e.updatedAt = now;
            if (fail && BackfillRecord.RUNNING.equals(e.state)) {
                e.state = BackfillRecord.FAILED;
                e.finishedAt = now;
            }
            return e.record();
        });
    }

    private static BackfillEntity create(String connectionId, String range, Instant since, Instant now) {
        BackfillEntity e = new BackfillEntity();
        e.id = UUID.randomUUID().toString();
        e.connectionId = connectionId;
        e.range = range;
        e.since = since;
        e.startedAt = now;
        e.updatedAt = now;
        return e;
    }

    private static void lockConnection(EntityManager em, String connectionId) {
        if (em.find(ConnectionEntity.class, connectionId, LockModeType.PESSIMISTIC_WRITE) == null) {
            throw new IllegalArgumentException("No connection " + connectionId + ".");
        }
    }

    private static Optional<BackfillEntity> latest(EntityManager em, String connectionId) {
        return em.createQuery("SELECT b FROM BackfillEntity b WHERE b.connectionId = :c"
                + " ORDER BY b.startedAt DESC, b.id DESC", BackfillEntity.class).setParameter("c", connectionId)
                .setMaxResults(1).getResultList().stream().findFirst();
    }
}
