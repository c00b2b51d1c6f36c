package com.workestra.email.store.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics of the message tables current during bulk imports: whenever a table has
 * doubled since it was last analyzed, the columns the import's look-ups filter on are analyzed (cheap: not the
 * bodies nor the search vector), so the planner's estimates stay within a factor of two of the truth.
 * Autovacuum does this in a database in normal operation, but only after its nap and not at all where it is switched
 * off; a first backfill of tens of thousands of messages outruns it, and the plans chosen while a table was nearly
 * empty (a scan of the whole mailbox for every page's look-ups) would stay in use as it grows. A refusal (the role
 * may not analyze) switches it off for good; H2 keeps its own statistics.
 */
final class BulkStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(BulkStatistics.class);
    private static final String[] ANALYZE = {
        "ANALYZE email_message (connection_id, provider_id, provider_thread_id, internet_message_id, thread_id,"
            + " deleted, received_at)",
        "ANALYZE email_message_address (message_id, address)",
        "ANALYZE email_attachment (message_id)"};
    private static final long BASE_THRESHOLD = 50;

    private final AtomicLong inserted = new AtomicLong();
    private volatile boolean enabled;
    private volatile long threshold = BASE_THRESHOLD;

    BulkStatistics(boolean postgres) {
        this.enabled = postgres;
    }

    /**
     * Records rows written by an import; outside a transaction (after the import committed), analyzes the tables when
     * enough have arrived since the last time. Inside one (an import that is part of a larger transaction) it only
     * counts: the caller reports again once that transaction committed.
     */
    void inserted(long rows, Tx tx) {
        if (!enabled) {
            return;
        }
        if (rows > 0) {
            inserted.addAndGet(rows);
        }
        if (tx.inTransaction() || inserted.get() <= threshold) {
            return;
        }
        synchronized (this) {
            if (inserted.get() <= threshold) {
                return; // another import analyzed meanwhile
            }
            inserted.set(0);
            try {
                long total = tx.call(em -> {
                    // a tenth of the default sample: enough for the look-ups' estimates, cheap on wide rows
                    em.createNativeQuery("SET LOCAL default_statistics_target = 10").executeUpdate();
                    for (String statement : ANALYZE) {
                        em.createNativeQuery(statement).executeUpdate();
                    }
                    Object n = em.createNativeQuery("SELECT reltuples FROM pg_class WHERE oid = 'email_message'"
                            + "::regclass").getSingleResult();
                    return n instanceof Number number ? Math.max(0, number.longValue()) : 0L;
                });
                threshold = BASE_THRESHOLD + total;
            } catch (RuntimeException e) {
                enabled = false;
                LOG.info("Message table statistics are left to autovacuum: {}", e.getClass().getName());
            }
        }
    }
}
