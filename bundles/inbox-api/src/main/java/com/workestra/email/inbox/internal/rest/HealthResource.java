package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.HealthContributor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /email/v1/health}: the status of every component that reports one (database, migrations, scheduler,
 * connectors, modules). 200 when nothing is down, 503 otherwise, so load balancers can use it.
 */
@Component(service = HealthResource.class)
@JakartarsResource
@JakartarsName("workestra-email-health")
@Path(RestPaths.BASE + "/health")
public class HealthResource {

    private final Map<HealthContributor, Boolean> contributors = new ConcurrentHashMap<>();

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

    /** The health document. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        HealthReport.Result r = HealthReport.of(contributors.keySet(), Instant.now());
        return Response.status(r.down() ? 503 : 200).entity(r.body()).build();
    }
}
