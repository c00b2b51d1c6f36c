package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.PushStore;
import com.workestra.email.sync.internal.connect.ConnectionLifecycle;
import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic sync, driven by the HOST scheduler: a mailbox is due when a webhook left a hint (Outlook: seconds
 * after the mail arrives) or when its poll interval has passed (Gmail history polling, and the safety net for
 * Outlook). A bounded number of mailboxes per tick; grants that need the user (token expired, consent, permission)
 * wait for a reconnect instead of being retried.
 */
@Component(service = Runnable.class, configurationPid = SyncTick.PID, property = {
    "scheduler.name=workestra-email-sync",
    "scheduler.period:Long=5",
    "scheduler.concurrent:Boolean=false"
})
@Designate(ocd = SyncTick.Config.class)
public class SyncTick implements Runnable {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.sync.poll";

    private static final Logger LOG = LoggerFactory.getLogger(SyncTick.class);
    private static final Set<String> NEEDS_USER = Set.of(ProviderException.TOKEN_EXPIRED,
            ProviderException.ADMIN_CONSENT_REQUIRED, ProviderException.PERMISSION_DENIED);

    /** Polling settings. */
    @ObjectClassDefinition(name = "Workestra Email polling",
            description = "How often mailboxes are synced without a push notification.")
    public @interface Config {

        /** Poll interval. */
        @AttributeDefinition(name = "Poll interval (minutes)",
                description = "A mailbox with no newer notification is synced at least this often.")
        int pollMinutes() default 5;

        /** Mailboxes per tick. */
        @AttributeDefinition(name = "Mailboxes per tick",
                description = "At most this many mailboxes are synced per scheduler tick (5 s).")
        int maxPerTick() default 10;
    }

    private final ConnectionStore connections;
    private final PushStore push;
    private final ConnectionServiceComponent service;
    private final Duration poll;
    private final int maxPerTick;
    private final Clock clock = Clock.systemUTC();

    /** Wires the tick. */
    @Activate
    public SyncTick(@Reference ConnectionStore connections, @Reference PushStore push,
            @Reference ConnectionServiceComponent service, Config config) {
        this.connections = connections;
        this.push = push;
        this.service = service;
        this.poll = Duration.ofMinutes(config.pollMinutes());
        this.maxPerTick = config.maxPerTick();
    }

    @Override
    public void run() {
        Instant start = clock.instant();
        try {
            Set<String> hinted = push.connectionsWithPendingHints();
            // a deferred mailbox (Retry-After, spent quota window, backoff) runs once its time has come, hint or not
            Map<String, Instant> deferred = connections.deferrals();
            List<ConnectionRecord> due = connections.all().stream()
                    .filter(ConnectionRecord::active)
                    .filter(c -> c.lastErrorCode() == null || !NEEDS_USER.contains(c.lastErrorCode()))
                    .filter(c -> deferred.containsKey(c.id()) ? !deferred.get(c.id()).isAfter(start)
                            : hinted.contains(c.id()) || c.lastAttemptAt() == null
                                    || c.lastAttemptAt().isBefore(start.minus(poll)))
                    .sorted(Comparator.comparing((ConnectionRecord c) -> !hinted.contains(c.id()))
                            .thenComparing(c -> c.lastAttemptAt() == null ? Instant.EPOCH : c.lastAttemptAt()))
                    .limit(maxPerTick)
                    .toList();
            for (ConnectionRecord c : due) {
                boolean busy = service.lifecycle().check(c, outcome -> LOG.debug(
                        "mailbox {}: synced {} new, {} changed, {} gone", c.id(), outcome.fetched(),
                        outcome.updated(), outcome.deleted()))
                        .filter(e -> ConnectionLifecycle.BUSY.equals(e.code())).isPresent();
                // another node holds the mailbox: its hints stay pending for the next tick
                if (!busy && hinted.contains(c.id())) {
                    Set<String> lifecycle = push.pendingHintKinds(c.id()).stream()
                            .filter(k -> k.startsWith("lifecycle:")).map(k -> k.substring("lifecycle:".length()))
                            .collect(java.util.stream.Collectors.toSet());
                    if (!lifecycle.isEmpty()) {
                        service.push().maintain(c, lifecycle, Duration.ZERO);
                    }
                    push.markHintsProcessed(c.id(), start, clock.instant());
                }
            }
        } catch (RuntimeException e) {
            // the exception text may quote stored values: name the failure only
            LOG.warn("Sync tick failed: {}", e.getClass().getName());
        }
    }
}
