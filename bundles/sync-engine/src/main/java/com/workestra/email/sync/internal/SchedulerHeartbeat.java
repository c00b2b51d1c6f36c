package com.workestra.email.sync.internal;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.MailConnector;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The sync engine's tick from the HOST scheduler (Karaf scheduler whiteboard: a Runnable with scheduler.* service
 * properties). Each tick proves the host clock reaches the engine; the health document shows it with the connectors
 * the engine tracks.
 */
@Component(service = {Runnable.class, HealthContributor.class}, property = {
    "scheduler.name=workestra-email-sync-tick",
    "scheduler.period:Long=" + SchedulerHeartbeat.PERIOD_SECONDS,
    "scheduler.concurrent:Boolean=false"
})
public class SchedulerHeartbeat implements Runnable, HealthContributor {

    /** Tick period in seconds. */
    static final long PERIOD_SECONDS = 10;

    private final AtomicReference<Instant> lastTick = new AtomicReference<>();
    private final AtomicLong ticks = new AtomicLong();
    private final Map<String, MailConnector> connectors = new ConcurrentHashMap<>();

    /** Tracks a connector. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addConnector(MailConnector connector) {
        connectors.put(connector.provider(), connector);
    }

    /** Forgets a connector. */
    void removeConnector(MailConnector connector) {
        connectors.remove(connector.provider(), connector);
    }

    @Override
    public void run() {
        lastTick.set(Instant.now());
        ticks.incrementAndGet();
    }

    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public HealthStatus check() {
        Instant last = lastTick.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ticks", ticks.get());
        details.put("periodSeconds", PERIOD_SECONDS);
        Map<String, Object> providers = new TreeMap<>();
        connectors.forEach((id, c) -> providers.put(id, c.capabilities().stream().map(Enum::name).sorted().toList()));
        details.put("connectors", providers);
        if (last == null) {
            return new HealthStatus(HealthStatus.DEGRADED, "Waiting for the first tick of the host scheduler.",
                    details);
        }
        details.put("lastTickAt", last.toString());
        boolean late = Duration.between(last, Instant.now()).getSeconds() > 3 * PERIOD_SECONDS;
        return late
                ? new HealthStatus(HealthStatus.DEGRADED, "The host scheduler has not ticked recently.", details)
                : HealthStatus.up(details);
    }
}
