package com.workestra.email.sync.internal.readstate;

import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.ReadStateOutbox;
import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import com.workestra.email.sync.internal.sync.QuotaLimiters;
import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Host-scheduler adapter: runs the {@link ReadStatePusher} every few seconds (never two runs at once on a node). */
@Component(service = Runnable.class, configurationPid = ReadStateJob.PID, property = {
    "scheduler.name=workestra-email-read-state",
    "scheduler.period:Long=3",
    "scheduler.concurrent:Boolean=false"
})
@Designate(ocd = ReadStateJob.Config.class)
public class ReadStateJob implements Runnable {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.sync.readstate";

    private static final Logger LOG = LoggerFactory.getLogger(ReadStateJob.class);

    /** Read-state push settings. */
    @ObjectClassDefinition(name = "Workestra Email read state",
            description = "How read/unread changes made in Workestra are pushed to Gmail and Microsoft 365.")
    public @interface Config {

        /** Changes per run. */
        @AttributeDefinition(name = "Changes per run", description = "At most this many changes are pushed per run.")
        int batch() default 50;

        /** Lease. */
        @AttributeDefinition(name = "Claim lease (seconds)",
                description = "A change claimed by a node is reserved for it this long (then another node may take"
                        + " it over).")
        int leaseSeconds() default 120;

        /** Attempts. */
        @AttributeDefinition(name = "Attempts", description = "Tries before a change is given up.")
        int maxAttempts() default 8;
    }

    private final ReadStatePusher pusher;

    /** Wires the pusher. */
    @Activate
    public ReadStateJob(@Reference ReadStateOutbox outbox, @Reference ConnectionStore connections,
            @Reference ConnectionServiceComponent service, Config config) {
        ReadStatePusher.Access access = new ReadStatePusher.Access() {
            @Override
            public MailConnector connector(String provider) {
                return service.connector(provider);
            }

            @Override
            public MailboxOperations operations(String provider) {
                return service.operations(provider);
            }

            @Override
            public String token(String grant, MailConnector connector) throws ProviderException {
                return service.tokens().accessToken(grant, connector);
            }

            @Override
            public String tokenAfterRejection(String grant, MailConnector connector, String rejected)
                    throws ProviderException {
                return service.tokens().afterRejection(grant, connector, rejected);
            }

            @Override
            public void paced(String connectionId, ProviderQuota quota, int units,
                    QuotaLimiters.ProviderCall<?> call) throws ProviderException {
                service.limiters().paced(connectionId, quota, units, call);
            }
        };
        this.pusher = ReadStatePusher.create(outbox, connections, access, new ReadStatePusher.Settings(
                config.batch(), Duration.ofSeconds(config.leaseSeconds()), config.maxAttempts()), Clock.systemUTC());
    }

    @Override
    public void run() {
        try {
            pusher.run();
        } catch (RuntimeException e) {
            LOG.warn("Read state run failed: {}", e.getClass().getName());
        }
    }
}
