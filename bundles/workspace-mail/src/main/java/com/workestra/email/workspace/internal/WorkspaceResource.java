package com.workestra.email.workspace.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /email/v1/workspace}: the workspace sender (admin only; the Resend API key is write-only) and its sending
 * domains through Resend's domains API. A caller who is not an admin gets 403 {@code admin_required}.
 */
@Component(service = WorkspaceResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-workspace")
@Path(Rest.BASE + "/workspace")
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceResource {

    private final WorkspaceSettings settings;

    /** Uses the workspace mail parts. */
    @Activate
    public WorkspaceResource(@Reference WorkspaceMailComponent mail) {
        this.settings = mail.settings();
    }

    /** The sender settings, never the key. */
    @GET
    @Path("sender")
    public Response sender(@Context ContainerRequestContext request) {
        return Rest.json(200, () -> settings.view(Rest.caller(request)));
    }

    /** Changes the sender settings. */
    @PUT
    @Path("sender")
    @Consumes(MediaType.WILDCARD)
    public Response updateSender(@Context ContainerRequestContext request, String body) {
        return Rest.json(200, () -> settings.update(Rest.caller(request), Rest.object(body)));
    }

    /** The workspace's domains. */
    @GET
    @Path("domains")
    public Response domains(@Context ContainerRequestContext request) {
        return Rest.json(200, () -> settings.domains(Rest.caller(request)));
    }

    /** Adds a domain at Resend; the answer lists the DNS records to publish. */
    @POST
    @Path("domains")
    @Consumes(MediaType.WILDCARD)
    public Response createDomain(@Context ContainerRequestContext request, String body) {
        return Rest.json(201, () -> settings.createDomain(Rest.caller(request), Rest.object(body)));
    }

    /** One domain with its DNS records and their status. */
    @GET
    @Path("domains/{id}")
    public Response domain(@Context ContainerRequestContext request, @PathParam("id") String id) {
        return Rest.json(200, () -> settings.domain(Rest.caller(request), id));
    }

    /** Asks Resend to check the domain's DNS records now. */
    @POST
    @Path("domains/{id}/verify")
    @Consumes(MediaType.WILDCARD)
    public Response verify(@Context ContainerRequestContext request, @PathParam("id") String id) {
        return Rest.json(200, () -> settings.verifyDomain(Rest.caller(request), id));
    }
}
