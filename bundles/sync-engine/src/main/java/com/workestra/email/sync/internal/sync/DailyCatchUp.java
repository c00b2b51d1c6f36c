package com.workestra.email.sync.internal.sync;

import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.JobCursors;
import com.workestra.email.store.Leases;
import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily job, ticked by the HOST scheduler every minute: from 03:00 UTC each day a {@link CatchUpPass} walks every
 * active mailbox a page at a time, renewing push subscriptions that expire within two days (Graph allows at most
 * ~3), recreating lost ones, and running a catch-up round.
 */
@Component(service = Runnable.class, property = {
    "scheduler.name=workestra-email-daily",
    "scheduler.period:Long=60",
    "scheduler.concurrent:Boolean=false"
})
public class DailyCatchUp implements Runnable {

    /** Mailboxes per run. */
    static final int PAGE = 25;

    private static final Logger LOG = LoggerFactory.getLogger(DailyCatchUp.class);

    private final CatchUpPass pass;

    /** Wires the job. */
    @Activate
    public DailyCatchUp(@Reference ConnectionStore connections, @Reference ConnectionServiceComponent service,
            @Reference JobCursors cursors, @Reference Leases leases) {
        this.pass = new CatchUpPass(connections, cursors, leases, c -> {
            service.push().maintain(c, Set.of(), Duration.ofDays(2));
            service.lifecycle().check(c, outcome -> { });
        }, PAGE, LocalTime.of(3, 0), Clock.systemUTC());
    }

    @Override
    public void run() {
        try {
            int done = pass.run();
            if (done > 0) {
                LOG.debug("Daily catch-up: {} mailbox(es) checked", done);
            }
        } catch (RuntimeException e) {
            LOG.warn("Daily catch-up run failed: {}", e.getClass().getName());
        }
    }
}
