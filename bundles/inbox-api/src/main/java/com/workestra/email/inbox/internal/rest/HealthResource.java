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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

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

    /** How long one run of the checks answers the endpoint. */
    static final Duration CACHE_FOR = Duration.ofSeconds(3);

    private final Map<HealthContributor, Boolean> contributors = new ConcurrentHashMap<>();
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    /** Tracks a contributor. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addContributor(HealthContributor contributor) {
        contributors.put(contributor, Boolean.TRUE);
    }

    /** Forgets a contributor. */
    void removeContributor(HealthContributor contributor) {
        contributors.remove(contributor);
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
        if (c != null && now.isBefore(c.at().plus(CACHE_FOR)) && c.contributors() == contributors.size()) {
            return c.result();
        }
        HealthReport.Result r = HealthReport.of(contributors.keySet(), now);
        cached.set(new Cached(now, contributors.size(), r));
        return r;
    }

    private record Cached(Instant at, int contributors, HealthReport.Result result) {
    }
}
