package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
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
        Map<String, Object> components = new TreeMap<>();
        boolean down = false;
        for (HealthContributor c : contributors.keySet()) {
            HealthStatus s;
            try {
                s = c.check();
            } catch (RuntimeException e) {
                s = HealthStatus.down("Health check failed: " + e.getClass().getSimpleName());
            }
            down |= HealthStatus.DOWN.equals(s.status());
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", s.status());
            if (s.message() != null) {
                one.put("message", s.message());
            }
            one.putAll(s.details());
            components.put(c.name(), one);
        }
        if (!components.containsKey("database")) {
            down = true;
            components.put("database", Map.of("status", HealthStatus.DOWN,
                    "message", "The email store is not running (no database yet)."));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", down ? HealthStatus.DOWN : HealthStatus.UP);
        body.put("checkedAt", Instant.now().toString());
        body.put("components", components);
        return Response.status(down ? 503 : 200).entity(body).build();
    }
}
