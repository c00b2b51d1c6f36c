package com.workestra.email.sync.internal.sync;

import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills, driven by the HOST scheduler: every tick runs slices (one provider page each, paced by the mailbox's
 * quota) of a bounded number of running backfills for up to a time budget shared among them, each under its mailbox's
 * lease, so pause, cancel, restart and failover land between pages.
 */
@Component(service = Runnable.class, property = {
    "scheduler.name=workestra-email-backfill",
    "scheduler.period:Long=" + BackfillTick.PERIOD_SECONDS,
    "scheduler.concurrent:Boolean=false"
})
public class BackfillTick implements Runnable {

    /** Seconds between ticks. */
    public static final long PERIOD_SECONDS = 1;
    /** Backfills advanced per tick. */
    static final int PER_TICK = 10;

    private static final Logger LOG = LoggerFactory.getLogger(BackfillTick.class);

    private final ConnectionServiceComponent service;

    /** Wires the tick. */
    @Activate
    public BackfillTick(@Reference ConnectionServiceComponent service) {
        this.service = service;
    }

    @Override
    public void run() {
        try {
            service.backfills().tick(PER_TICK);
        } catch (RuntimeException e) {
            // the exception text may quote stored values: name the failure only
            LOG.warn("Backfill tick failed: {}", e.getClass().getName());
        }
    }
}
