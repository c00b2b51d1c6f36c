package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.Caller;
import com.workestra.email.api.HealthContributor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /email/v1/health}: the status of every component that reports one (database, migrations, scheduler,
 * connectors, modules). 200 when nothing is down, 503 otherwise, so load balancers can use it; the components and
 * their details (versions, node names, errors, key ids) only for admins.
 */
@Component(service = HealthResource.class)
@JakartarsResource
@JakartarsName("workestra-email-health")
@Path(RestPaths.BASE + "/health")
public class HealthResource {

    private static final Logger LOG = LoggerFactory.getLogger(HealthResource.class);

    /** How long one run of the checks answers the endpoint. */
    static final Duration CACHE_FOR = Duration.ofSeconds(3);

    private final Map<ServiceReference<HealthContributor>, Boolean> references = new ConcurrentHashMap<>();
    private final List<HealthContributor> direct = new CopyOnWriteArrayList<>();
    private final BundleContext context;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    /** Reads the contributors through the bundle's context. */
    @Activate
    public HealthResource(BundleContext context) {
        this.context = context;
    }

    /**
     * Tracks a contributor by reference only: its service is obtained when the checks run, never while the REST
     * whiteboard builds the application, so a contributor that is still activating (the store migrating the
     * database) cannot make that build wait and fail.
     */
    @Reference(service = HealthContributor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addContributor(ServiceReference<HealthContributor> reference) {
        references.put(reference, Boolean.TRUE);
        cached.set(null);
    }

    /** Forgets a contributor. */
    void removeContributor(ServiceReference<HealthContributor> reference) {
        references.remove(reference);
        cached.set(null);
    }

    /** Adds a contributor object (tests, without a framework). */
    void addDirect(HealthContributor contributor) {
        direct.add(contributor);
        cached.set(null);
    }

    /**
     * The health document: anonymous callers (load balancers) get the status only, admins every component with its
     * details. The checks run at most once per {@link #CACHE_FOR}, however often the endpoint is called.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health(@Context ContainerRequestContext rc) {
        Answer a = answer(AuthFilter.caller(rc));
        return Response.status(a.status()).entity(a.body()).build();
    }

    /** The status code and the document for a caller (null: anonymous). */
    Answer answer(Caller caller) {
        HealthReport.Result r = current();
        Object body = caller != null && caller.admin() ? r.body() : Map.of("status", r.body().get("status"));
        return new Answer(r.down() ? 503 : 200, body);
    }

    /**
     * What the endpoint answers.
     *
     * @param status 200 or 503
     * @param body the document
     */
    record Answer(int status, Object body) {
    }

    private HealthReport.Result current() {
        Instant now = Instant.now();
        Cached c = cached.get();
        if (c != null && now.isBefore(c.at().plus(CACHE_FOR))
                && c.contributors() == references.size() + direct.size()) {
            return c.result();
        }
        List<HealthContributor> all = new ArrayList<>(direct);
        List<ServiceReference<HealthContributor>> used = new ArrayList<>();
        for (ServiceReference<HealthContributor> ref : references.keySet()) {
            try {
                HealthContributor contributor = context.getService(ref);
                if (contributor != null) {
                    all.add(contributor);
                    used.add(ref);
                }
            } catch (RuntimeException e) {
                // still activating (or failing to): it is not part of this report; a missing store reports down
                LOG.debug("Health contributor not available yet: {}", e.toString());
            }
        }
        try {
            HealthReport.Result r = HealthReport.of(all, now);
            cached.set(new Cached(now, references.size() + direct.size(), r));
            return r;
        } finally {
            for (ServiceReference<HealthContributor> ref : used) {
                context.ungetService(ref);
            }
        }
    }

    private record Cached(Instant at, int contributors, HealthReport.Result result) {
    }
}
