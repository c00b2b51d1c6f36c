package com.workestra.email.linker.internal.component;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.linker.internal.Counterparties;
import com.workestra.email.linker.internal.HostDirectories;
import com.workestra.email.linker.internal.Linker;
import com.workestra.email.spi.CrmDirectory;
import com.workestra.email.spi.RecruitingDirectory;
import com.workestra.email.spi.SupportDesk;
import com.workestra.email.store.LinkStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The linker's clock: the HOST scheduler runs one bounded {@link Linker} slice per tick; no hook into the sync code.
 * Waits until the host directories it is configured to need are there, so no message is walked past unlinked.
 */
@Component(service = {Runnable.class, HealthContributor.class}, configurationPid = LinkerJob.PID, property = {
    "scheduler.name=workestra-email-linker",
    "scheduler.period:Long=3",
    "scheduler.concurrent:Boolean=false"
})
@Designate(ocd = LinkerJob.Config.class)
public class LinkerJob implements Runnable, HealthContributor {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.linker";

    private static final Logger LOG = LoggerFactory.getLogger(LinkerJob.class);

    /** Linker settings. */
    @ObjectClassDefinition(name = "Workestra Email linker",
            description = "Links mail to CRM contacts and deals, support tickets and recruiting candidates by address;"
                    + " support and recruiting intake.")
    public @interface Config {

        /** Own domains. */
        @AttributeDefinition(name = "Own domains", required = false,
                description = "Comma-separated domains of the workspace (e.g. workestra.com); addresses of these"
                        + " domains and of every connected mailbox are never linked.")
        String ownDomains() default "";

        /** Slice size. */
        @AttributeDefinition(name = "Messages per tick", description = "Messages linked per scheduler tick.")
        int batchSize() default 200;

        /** Lag. */
        @AttributeDefinition(name = "Lag (seconds)",
                description = "Messages stored less than this long ago wait for the next tick (rows of a sync"
                        + " transaction still committing are never skipped).")
        int lagSeconds() default 5;

        /** Relink requests per tick. */
        @AttributeDefinition(name = "Relink requests per tick",
                description = "Host record changes whose existing mail is linked per tick.")
        int relinksPerTick() default 5;

        /** Relink slice. */
        @AttributeDefinition(name = "Messages per relink request and tick",
                description = "Bound of the retroactive linking work per request and tick.")
        int relinkBatch() default 200;

        /** Required directories. */
        @AttributeDefinition(name = "Required host directories",
                description = "Comma-separated modules (crm, support, recruiting) whose host directory must be"
                        + " present before mail is linked; empty links with whatever the host provides.")
        String requiredDirectories() default "crm,support,recruiting";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CrmDirectory crm;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SupportDesk support;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RecruitingDirectory recruiting;

    private final LinkStore store;
    private final Linker linker;
    private final Set<String> required;
    private volatile Instant lastRunAt;
    private volatile String lastFailure;

    /** Wires the linker on the link store. */
    @Activate
    public LinkerJob(@Reference LinkStore store, Config config) {
        this.store = store;
        this.linker = new Linker(store, new Counterparties(Arrays.asList(config.ownDomains().split(","))),
                new Linker.Settings(Math.max(1, config.batchSize()), Duration.ofSeconds(Math.max(0,
                        config.lagSeconds())), Math.max(1, config.relinksPerTick()), Math.max(1, config.relinkBatch()),
                        Duration.ofMinutes(2)),
                Clock.systemUTC(), System.getProperty("karaf.name", "node") + "-" + UUID.randomUUID());
        this.required = Arrays.stream(config.requiredDirectories().split(",")).map(s -> s.strip()
                .toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void run() {
        HostDirectories hosts = new HostDirectories(crm, support, recruiting);
        if (!missing(hosts).isEmpty()) {
            LOG.debug("Linker waits for the host directories {}", missing(hosts));
            return;
        }
        try {
            Linker.RunResult r = linker.run(hosts);
            lastRunAt = Instant.now();
            lastFailure = null;
            if (r.messages() > 0 || r.relinked() > 0) {
                LOG.debug("Linker: {} messages walked, {} links, {} retroactive links", r.messages(), r.links(),
                        r.relinked());
            }
        } catch (RuntimeException e) {
            // the exception text may quote stored values: name the failure only
            lastFailure = e.getClass().getName();
            LOG.warn("Linker tick failed: {}", lastFailure);
        }
    }

    @Override
    public String name() {
        return "linker";
    }

    @Override
    public HealthStatus check() {
        List<String> missing = missing(new HostDirectories(crm, support, recruiting));
        if (!missing.isEmpty()) {
            return new HealthStatus(HealthStatus.DEGRADED, "Mail is not linked until the host provides the "
                    + String.join(", ", missing) + " directory.", Map.of("missing", missing));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        try {
            details.put("linkedUpTo", String.valueOf(store.position(Linker.WALKER).createdAt()));
            details.put("pendingRelinks", store.pendingRelinks(100).size());
        } catch (RuntimeException e) {
            return HealthStatus.down("The linker's progress cannot be read: " + e.getClass().getSimpleName());
        }
        if (lastRunAt != null) {
            details.put("lastRunAt", lastRunAt.toString());
        }
        if (lastFailure != null) {
            details.put("lastFailure", lastFailure);
        }
        return HealthStatus.up(details);
    }

    private List<String> missing(HostDirectories hosts) {
        List<String> out = new ArrayList<>();
        if (required.contains("crm") && hosts.crm() == null) {
            out.add("crm");
        }
        if (required.contains("support") && hosts.support() == null) {
            out.add("support");
        }
        if (required.contains("recruiting") && hosts.recruiting() == null) {
            out.add("recruiting");
        }
        return out;
    }
}
