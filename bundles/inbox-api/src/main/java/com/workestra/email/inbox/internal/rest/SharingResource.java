package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.store.LinkStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /email/v1/workspace/sharing}: the visibility new connections of the workspace get for teammates (members
 * read it, admins change it; existing connections keep theirs, their owners change them).
 */
@Component(service = SharingResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-sharing")
@Path(RestPaths.BASE + "/workspace/sharing")
@Produces(MediaType.APPLICATION_JSON)
public class SharingResource {

    private final LinkStore links;

    /** Uses the link store. */
    @Activate
    public SharingResource(@Reference LinkStore links) {
        this.links = links;
    }

    /** The workspace's default visibility. */
    @GET
    public Sharing get(@Context ContainerRequestContext rc) {
        Caller caller = AuthFilter.caller(rc);
        return new Sharing(links.defaultVisibility(caller.workspaceId()));
    }

    /** Sets the default for new connections (admins). */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Sharing put(@Context ContainerRequestContext rc, Sharing body) {
        Caller caller = AuthFilter.caller(rc);
        if (!caller.admin()) {
            throw new ApiException(403, "admin_required", "Only a workspace admin may change the default sharing of"
                    + " new connections.", Map.of());
        }
        if (body == null || body.defaultVisibility() == null
                || !LinkStore.VISIBILITIES.contains(body.defaultVisibility())) {
            throw ApiException.badRequest("defaultVisibility", "defaultVisibility must be one of everything, subject,"
                    + " metadata, private.");
        }
        links.setDefaultVisibility(caller.workspaceId(), body.defaultVisibility(), caller.userId(), Instant.now());
        return new Sharing(body.defaultVisibility());
    }

    /**
     * The workspace's sharing default.
     *
     * @param defaultVisibility everything, subject, metadata or private
     */
    public record Sharing(String defaultVisibility) {
    }
}
