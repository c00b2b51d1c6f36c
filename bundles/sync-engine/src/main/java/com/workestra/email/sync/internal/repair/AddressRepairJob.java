package com.workestra.email.sync.internal.repair;

import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.sync.internal.backfill.MailboxLock;
import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import com.workestra.email.sync.internal.mime.MimeLimits;
import com.workestra.email.sync.internal.sync.MessageMapper;
import java.time.Duration;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address repair, driven by the HOST scheduler: every 10 s one slice of each pending mailbox (at most a few),
 * under the mailbox's lease so that it never runs beside a sync round or backfill of the same mailbox on any node.
 * A disconnected mailbox waits (its tokens are gone) and resumes when it is connected again.
 */
@Component(service = Runnable.class, property = {
    "scheduler.name=workestra-email-address-repair",
    "scheduler.period:Long=10",
    "scheduler.concurrent:Boolean=false"
})
public class AddressRepairJob implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AddressRepairJob.class);
    private static final int MAILBOXES_PER_TICK = 5;
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final ConnectionStore connections;
    private final MessageStore messages;
    private final ConnectionServiceComponent service;
    private final AddressRepair repair;

    /** Wires the job. */
    @Activate
    public AddressRepairJob(@Reference ConnectionStore connections, @Reference MessageStore messages,
            @Reference ConnectionServiceComponent service) {
        this.connections = connections;
        this.messages = messages;
        this.service = service;
        this.repair = new AddressRepair(messages, new MessageMapper(MimeLimits.DEFAULTS));
    }

    @Override
    public void run() {
        try {
            for (MessageStore.PendingRepair pending : messages.pendingRepairs(MAILBOXES_PER_TICK)) {
                Optional<ConnectionRecord> c = connections.find(pending.connectionId());
                if (c.isEmpty() || !c.get().active()) {
                    continue;
                }
                MailboxLock lock = service.lock();
                lock.run(pending.connectionId(), LEASE, () -> slice(c.get(), pending.afterId()));
            }
        } catch (RuntimeException e) {
            // the exception text may quote stored values: name the failure only
            LOG.warn("Address repair tick failed: {}", e.getClass().getName());
        }
    }

    private void slice(ConnectionRecord c, String position) {
        try {
            MailboxRef mailbox = service.open(c.id(), null);
            AddressRepair.Slice s = repair.run(c.id(), position, service.operations(c.provider()), mailbox);
            if (s.repaired() > 0 || s.finished()) {
                LOG.info("mailbox {}: address repair checked {}, repaired {}{}", c.id(), s.checked(), s.repaired(),
                        s.finished() ? ", finished" : "");
            }
        } catch (ProviderException e) {
            LOG.debug("mailbox {}: address repair waits: {}", c.id(), e.code());
        }
    }
}
