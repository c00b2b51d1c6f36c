package com.workestra.email.linker.internal;

import com.workestra.email.spi.HostPerson;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.LinkStore.Position;
import com.workestra.email.store.LinkStore.RelinkRequest;
import com.workestra.email.store.LinkStore.StoredMessage;
import com.workestra.email.store.LinkStore.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links stored messages to host records, driven from the database: each run walks the next bounded slice of new
 * messages after the persisted position (intake first, then address matches through the host directories) and a
 * bounded slice of each pending retroactive relink request, under a lease so that one node works at a time.
 */
public final class Linker {

    /** Name of the walker row (position and lease). */
    public static final String WALKER = "linker";

    private static final Logger LOG = LoggerFactory.getLogger(Linker.class);
    private static final int LOOKUP_CHUNK = 100;

    /**
     * Sizes and timing of one run.
     *
     * @param batchSize messages per slice
     * @param lag messages younger than this are left for the next run (a sync transaction may still commit rows
     *        stamped earlier)
     * @param relinksPerRun relink requests advanced per run
     * @param relinkBatch messages per relink request and run
     * @param lease how long a run may hold the lease
     */
    public record Settings(int batchSize, Duration lag, int relinksPerRun, int relinkBatch, Duration lease) {
    }

    /**
     * What one run did.
     *
     * @param messages messages walked
     * @param links links added
     * @param relinked links added by relink requests
     */
    public record RunResult(int messages, int links, int relinked) {
    }

    private final LinkStore store;
    private final Counterparties counterparties;
    private final Intake intake;
    private final Settings settings;
    private final Clock clock;
    private final String owner;

    /** Wires the linker. */
    public Linker(LinkStore store, Counterparties counterparties, Settings settings, Clock clock, String owner) {
        this.store = store;
        this.counterparties = counterparties;
        this.intake = new Intake(store);
        this.settings = settings;
        this.clock = clock;
        this.owner = owner;
    }

    /** One run; returns what it did (nothing when another node holds the lease). */
    public RunResult run(HostDirectories hosts) {
        Instant now = clock.instant();
        if (!store.tryLease(WALKER, owner, now, settings.lease())) {
            return new RunResult(0, 0, 0);
        }
        try {
            int[] walked = walk(hosts, now);
            int relinked = relink(hosts, now);
            return new RunResult(walked[0], walked[1], relinked);
        } finally {
            store.releaseLease(WALKER, owner);
        }
    }

    /**
     * The next slice of new messages, handled in arrival order (a reply stored in the same sync batch as the message
     * it answers comes after it); the position advances past the slice only when every message of it was handled,
     * otherwise the slice is retried (every step is idempotent).
     */
    private int[] walk(HostDirectories hosts, Instant now) {
        List<StoredMessage> slice = store.messagesAfter(store.position(WALKER), now.minus(settings.lag()),
                settings.batchSize());
        if (slice.isEmpty()) {
            return new int[] {0, 0};
        }
        Map<String, List<StoredMessage>> byWorkspace = new LinkedHashMap<>();
        slice.forEach(m -> byWorkspace.computeIfAbsent(m.workspaceId(), k -> new ArrayList<>()).add(m));
        List<StoredMessage> arrival = new ArrayList<>(slice);
        arrival.sort(Comparator.comparing((StoredMessage m) -> m.receivedAt() == null ? m.createdAt()
                : m.receivedAt()).thenComparing(StoredMessage::createdAt).thenComparing(StoredMessage::id));
        Map<String, Lookup> lookups = new HashMap<>();
        int links = 0;
        for (StoredMessage m : arrival) {
            try {
                Lookup lookup = lookups.computeIfAbsent(m.workspaceId(),
                        ws -> new Lookup(ws, hosts, new HashSet<>(store.connectionAddresses(ws)),
                                byWorkspace.get(ws)));
                if (m.intakeModule() != null) {
                    intake.handle(m, hosts, lookup.ownAddresses, now);
                }
                links += store.link(m.id(), m.workspaceId(), lookup.targets(m), LinkStore.SOURCE_ADDRESS, now);
            } catch (RuntimeException e) {
                // the host or the database failed: the slice is retried next run
                LOG.warn("Linking stopped at a message of workspace {}: {}", m.workspaceId(), e.getClass().getName());
                return new int[] {0, links};
            }
        }
        StoredMessage last = slice.get(slice.size() - 1);
        store.savePosition(WALKER, new Position(last.createdAt(), last.id()));
        return new int[] {slice.size(), links};
    }

    /** Advances the oldest relink requests by a bounded slice each. */
    private int relink(HostDirectories hosts, Instant now) {
        int added = 0;
        for (RelinkRequest r : store.pendingRelinks(settings.relinksPerRun())) {
            try {
                List<Target> targets = new ArrayList<>();
                targets.add(r.target());
                if ("crm".equals(r.target().module()) && "contact".equals(r.target().objectType())
                        && hosts.crm() != null) {
                    hosts.crm().dealsOfContact(r.workspaceId(), r.target().objectId())
                            .forEach(d -> targets.add(target(d)));
                }
                Set<String> emails = new HashSet<>(r.emails());
                Set<String> own = new HashSet<>(store.connectionAddresses(r.workspaceId()));
                List<StoredMessage> slice = store.messagesWithAddresses(r.workspaceId(), emails, r.afterMessageId(),
                        settings.relinkBatch());
                for (StoredMessage m : slice) {
                    if ("support".equals(r.target().module()) && Intake.SUPPORT.equals(m.intakeModule())) {
                        continue;
                    }
                    if (counterparties.of(m, own).stream().anyMatch(emails::contains)) {
                        added += store.link(m.id(), m.workspaceId(), targets, LinkStore.SOURCE_ADDRESS, now);
                    }
                }
                store.relinkProgress(r.id(), slice.size() < settings.relinkBatch() ? null
                        : slice.get(slice.size() - 1).id());
            } catch (RuntimeException e) {
                LOG.warn("Relinking of a {} in workspace {} failed, retried next run: {}", r.target().objectType(),
                        r.workspaceId(), e.getClass().getName());
            }
        }
        return added;
    }

    private static Target target(HostPerson p) {
        return new Target(p.module(), p.objectType(), p.objectId());
    }

    /** Host records of one workspace for the counterparties of a slice, looked up once per directory. */
    private final class Lookup {

        final Set<String> ownAddresses;
        final Map<String, List<Target>> byAddress = new HashMap<>();
        final Map<String, List<Target>> ticketsByAddress = new HashMap<>();

        Lookup(String workspaceId, HostDirectories hosts, Set<String> ownAddresses, List<StoredMessage> messages) {
            this.ownAddresses = ownAddresses;
            LinkedHashSet<String> all = new LinkedHashSet<>();
            messages.forEach(m -> all.addAll(counterparties.of(m, ownAddresses)));
            List<String> addresses = List.copyOf(all);
            if (addresses.isEmpty()) {
                return;
            }
            if (hosts.crm() != null) {
                Map<String, List<Target>> deals = new HashMap<>();
                for (HostPerson c : lookup(addresses, l -> hosts.crm().contactsByEmail(workspaceId, l))) {
                    List<Target> withDeals = new ArrayList<>();
                    withDeals.add(target(c));
                    withDeals.addAll(deals.computeIfAbsent(c.objectId(), id -> hosts.crm()
                            .dealsOfContact(workspaceId, id).stream().map(Linker::target).toList()));
                    index(byAddress, c, withDeals, all);
                }
            }
            if (hosts.recruiting() != null) {
                for (HostPerson c : lookup(addresses, l -> hosts.recruiting().candidatesByEmail(workspaceId, l))) {
                    index(byAddress, c, List.of(target(c)), all);
                }
            }
            if (hosts.support() != null) {
                for (HostPerson t : lookup(addresses, l -> hosts.support().ticketsByRequester(workspaceId, l))) {
                    index(ticketsByAddress, t, List.of(target(t)), all);
                }
            }
        }

        List<Target> targets(StoredMessage m) {
            LinkedHashSet<Target> out = new LinkedHashSet<>();
            for (String a : counterparties.of(m, ownAddresses)) {
                out.addAll(byAddress.getOrDefault(a, List.of()));
                // tickets of a support intake follow conversations, not addresses
                if (!Intake.SUPPORT.equals(m.intakeModule())) {
                    out.addAll(ticketsByAddress.getOrDefault(a, List.of()));
                }
            }
            return List.copyOf(out);
        }

        private static List<HostPerson> lookup(List<String> addresses, Function<List<String>, List<HostPerson>> f) {
            List<HostPerson> out = new ArrayList<>();
            for (int i = 0; i < addresses.size(); i += LOOKUP_CHUNK) {
                out.addAll(f.apply(addresses.subList(i, Math.min(addresses.size(), i + LOOKUP_CHUNK))));
            }
            return out;
        }

        private static void index(Map<String, List<Target>> map, HostPerson p, List<Target> targets,
                Set<String> wanted) {
            for (String e : p.emails()) {
                String a = e.toLowerCase(java.util.Locale.ROOT);
                if (wanted.contains(a)) {
                    map.computeIfAbsent(a, k -> new ArrayList<>()).addAll(targets);
                }
            }
        }
    }
}
