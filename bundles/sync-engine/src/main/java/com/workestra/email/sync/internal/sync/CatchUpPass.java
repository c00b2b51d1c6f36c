package com.workestra.email.sync.internal.sync;

import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.JobCursors;
import com.workestra.email.store.Leases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily catch-up in bounded pages: a pass over every active mailbox starts once a day (at {@code startAt} UTC),
 * and each run handles one keyset page of mailboxes and stores where it stopped in the database, so thousands of
 * mailboxes spread over many runs and the next run (on any node) continues there. One node at a time runs it (a
 * lease), and one mailbox that fails does not stop the pass.
 */
public final class CatchUpPass {

    /** Name of the job (its cursor and lease). */
    public static final String JOB = "daily-catch-up";

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpPass.class);
    private static final Duration LEASE = Duration.ofMinutes(30);

    private final ConnectionStore connections;
    private final JobCursors cursors;
    private final Leases leases;
    private final Consumer<ConnectionRecord> perMailbox;
    private final int pageSize;
    private final LocalTime startAt;
    private final Clock clock;

    /** Creates the pass; {@code perMailbox} renews subscriptions and runs a catch-up round of one mailbox. */
    public CatchUpPass(ConnectionStore connections, JobCursors cursors, Leases leases,
            Consumer<ConnectionRecord> perMailbox, int pageSize, LocalTime startAt, Clock clock) {
        this.connections = connections;
        this.cursors = cursors;
        this.leases = leases;
        this.perMailbox = perMailbox;
        this.pageSize = pageSize;
        this.startAt = startAt;
        this.clock = clock;
    }

    /** One run: the next page of the current pass, or nothing when today's pass is done; returns mailboxes done. */
    public int run() {
        Instant now = clock.instant();
        String key = "job:" + JOB;
        if (!leases.claim(key, now, LEASE)) {
            return 0;
        }
        try {
            JobCursors.Cursor cursor = cursors.get(JOB).orElse(new JobCursors.Cursor(null, null));
            String position = cursor.position();
            Instant passStarted = cursor.passStartedAt();
            if (position == null) {
                if (passStarted != null && !passStarted.isBefore(lastStart(now))) {
                    return 0;
                }
                position = "";
                passStarted = now;
                LOG.info("Daily catch-up: pass started");
            }
            List<ConnectionRecord> page = connections.activePage(position, pageSize);
            for (ConnectionRecord c : page) {
                try {
                    perMailbox.accept(c);
                } catch (RuntimeException e) {
                    LOG.warn("mailbox {}: daily catch-up failed: {}", c.id(), e.getClass().getName());
                }
                position = c.id();
            }
            boolean finished = page.size() < pageSize;
            cursors.save(JOB, new JobCursors.Cursor(finished ? null : position, passStarted), clock.instant());
            if (finished) {
                LOG.info("Daily catch-up: pass finished");
            }
            return page.size();
        } finally {
            leases.release(key);
        }
    }

    /** The latest start time at or before {@code now}. */
    Instant lastStart(Instant now) {
        ZonedDateTime today = now.atZone(ZoneOffset.UTC).with(startAt);
        return (today.toInstant().isAfter(now) ? today.minusDays(1) : today).toInstant();
    }
}
