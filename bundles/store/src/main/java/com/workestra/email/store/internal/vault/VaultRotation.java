package com.workestra.email.store.internal.vault;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-seals stored values under the active key in bounded, keyset-paginated batches, so that the caller (the host
 * scheduler) can run one slice per tick and pause, resume or fail over exactly.
 */
public final class VaultRotation {

    /** Maximum batch size, to keep one slice short. */
    public static final int MAX_BATCH = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(VaultRotation.class);

    /**
     * A stored sealed value: an opaque row id (the keyset cursor), the additional data it was sealed with (the
     * connection id of a token, e.g.), and the value.
     */
    public record Row(String rowId, String additionalData, Sealed sealed) {

        public Row {
            Objects.requireNonNull(rowId, "rowId");
            Objects.requireNonNull(additionalData, "additionalData");
            Objects.requireNonNull(sealed, "sealed");
        }
    }

    /** The table side of a rotation, implemented by the store. */
    public interface SealedRows {

        /**
         * Up to {@code limit} rows whose value is sealed with a key other than {@code activeKeyId}, ordered by row id,
         * with row id greater than {@code afterRowId} ({@code null} for the first batch).
         */
        List<Row> nextBatch(String activeKeyId, String afterRowId, int limit);

        /**
         * Stores {@code updated} in place of {@code row.sealed()}; should only replace if the stored value still
         * equals {@code row.sealed()}, so that a concurrent token refresh is not overwritten.
         */
        void replace(Row row, Sealed updated);
    }

    /**
     * Counts of one or more batches.
     *
     * @param scanned rows returned by {@link SealedRows#nextBatch}
     * @param rotated rows re-sealed and replaced
     * @param failed rows that could not be opened (unknown key id, tampered); left as they are and logged
     * @param lastRowId cursor to resume after, or {@code null} if no row was seen
     * @param finished whether the end of the rows was reached
     */
    public record Result(int scanned, int rotated, int failed, String lastRowId, boolean finished) {

        Result plus(Result next) {
            return new Result(scanned + next.scanned, rotated + next.rotated, failed + next.failed,
                    next.lastRowId != null ? next.lastRowId : lastRowId, next.finished);
        }
    }

    private final TokenVault vault;
    private final SealedRows rows;
    private final int batchSize;

    public VaultRotation(TokenVault vault, SealedRows rows, int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH + ", got " + batchSize);
        }
        this.vault = Objects.requireNonNull(vault, "vault");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.batchSize = batchSize;
    }

    /** Re-seals one batch of rows after {@code afterRowId} ({@code null} to start from the beginning). */
    public Result rotateBatch(String afterRowId) {
        String active = vault.activeKeyId();
        List<Row> batch = rows.nextBatch(active, afterRowId, batchSize);
        if (batch.size() > batchSize) {
            throw new IllegalStateException("SealedRows returned " + batch.size() + " rows for a limit of "
                    + batchSize);
        }
        int rotated = 0;
        int failed = 0;
        String last = afterRowId;
        for (Row row : batch) {
            last = row.rowId();
            if (!vault.needsRotation(row.sealed())) {
                continue;
            }
            Sealed updated;
            try {
                updated = vault.rotate(row.additionalData(), row.sealed());
            } catch (VaultException e) {
                failed++;
                LOG.warn("vault rotation: row {} ({}) left under key {}: {}", row.rowId(),
                        row.additionalData(), row.sealed().keyId(), e.getMessage());
                continue;
            }
            rows.replace(row, updated);
            rotated++;
        }
        boolean finished = batch.size() < batchSize;
        LOG.debug("vault rotation to key {}: batch of {} rows, {} rotated, {} failed", active, batch.size(), rotated,
                failed);
        return new Result(batch.size(), rotated, failed, last, finished);
    }

    /** Runs up to {@code maxBatches} batches from the beginning, stopping early when all rows are done. */
    public Result rotateAll(int maxBatches) {
        Result total = new Result(0, 0, 0, null, false);
        for (int i = 0; i < maxBatches && !total.finished(); i++) {
            total = total.plus(rotateBatch(total.lastRowId()));
        }
        if (total.finished()) {
            LOG.info("vault rotation to key {} finished: {} rotated, {} failed", vault.activeKeyId(), total.rotated(),
                    total.failed());
        }
        return total;
    }
}
