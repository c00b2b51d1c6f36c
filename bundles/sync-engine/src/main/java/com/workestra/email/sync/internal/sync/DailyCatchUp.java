package com.workestra.email.sync.internal.sync;

import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import java.time.Duration;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily job of the HOST scheduler (03:00): renews push subscriptions that expire within two days (Graph allows
 * at most ~3), recreates lost ones, and runs a catch-up round for every active mailbox.
 */
@Component(service = Runnable.class, property = {
    "scheduler.name=workestra-email-daily",
    "scheduler.expression=0 0 3 * * ?",
    "scheduler.concurrent:Boolean=false"
})
public class DailyCatchUp implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DailyCatchUp.class);

    private final ConnectionStore connections;
    private final ConnectionServiceComponent service;

    /** Wires the job. */
    @Activate
    public DailyCatchUp(@Reference ConnectionStore connections, @Reference ConnectionServiceComponent service) {
        this.connections = connections;
        this.service = service;
    }

    @Override
    public void run() {
        int done = 0;
        for (ConnectionRecord c : connections.all()) {
            if (!c.active()) {
                continue;
            }
            try {
                service.push().maintain(c, Set.of(), Duration.ofDays(2));
                service.lifecycle().check(c, outcome -> { });
                done++;
            } catch (RuntimeException e) {
                LOG.warn("mailbox {}: daily catch-up failed: {}", c.id(), e.getClass().getName());
            }
        }
        LOG.info("Daily catch-up: {} mailbox(es) checked", done);
    }
}
