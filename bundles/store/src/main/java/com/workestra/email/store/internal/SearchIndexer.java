package com.workestra.email.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the search vector of messages stored without one (PostgreSQL), in batches claimed with
 * {@code FOR UPDATE SKIP LOCKED} so nodes on one database share the work; run by the host scheduler. Computing the
 * vector is most of what writing a message costs, so imports no longer wait for it; until a row is indexed,
 * searches compute its vector on the fly ({@link SearchSql}).
 */
final class SearchIndexer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
    /** Rows per batch (one short transaction each). */
    static final int BATCH = 500;
    /** How long one scheduler run keeps indexing. */
    private static final long RUN_NANOS = 5_000_000_000L;

    private final DataSource dataSource;

    SearchIndexer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + RUN_NANOS;
        try {
            while (indexBatch(BATCH) == BATCH && System.nanoTime() < deadline) {
                // more rows are waiting: go on within this run
            }
        } catch (IllegalStateException e) {
            // the database is away: the next run tries again; the message names no stored value
            LOG.warn("Search indexing paused: {}", e.getMessage());
        }
    }

    /** Indexes up to {@code max} rows; returns how many. */
    int indexBatch(int max) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE email_message SET search_tsv = " + SearchSql.vector("") + " WHERE id IN (SELECT id FROM"
                        + " email_message WHERE search_tsv IS NULL LIMIT ? FOR UPDATE SKIP LOCKED)")) {
            s.setInt(1, max);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("search index update failed (" + e.getSQLState() + ")", e);
        }
    }
}
