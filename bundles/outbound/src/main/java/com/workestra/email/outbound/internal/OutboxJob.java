package com.workestra.email.outbound.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Host-scheduler job (Karaf scheduler whiteboard): submits due sends and reconciles unknown ones every 5 seconds. */
@Component(service = Runnable.class, property = {
    "scheduler.name=workestra-email-outbox",
    "scheduler.period:Long=5",
    "scheduler.concurrent:Boolean=false"})
public class OutboxJob implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxJob.class);

    private final MessageSendingComponent sending;

    /** Runs the outbox of the sending component. */
    @Activate
    public OutboxJob(@Reference MessageSendingComponent sending) {
        this.sending = sending;
    }

    @Override
    public void run() {
        try {
            Outbox.Run run = sending.outbox().runOnce();
            if (run.sent() + run.failed() + run.unknown() + run.reconciled() > 0) {
                LOG.debug("outbox: {}", run);
            }
        } catch (RuntimeException e) {
            // the database may be briefly unavailable; the next tick tries again and nothing was claimed twice
            LOG.warn("outbox run failed: {}", e.getClass().getName());
        }
    }
}
