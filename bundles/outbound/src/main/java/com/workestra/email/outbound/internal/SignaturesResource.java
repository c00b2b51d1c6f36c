package com.workestra.email.outbound.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /email/v1/signatures}: the caller's signatures; HTML sanitized before it is stored. */
@Component(service = SignaturesResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-signatures")
@Path("email/v1/signatures")
@Produces(MediaType.APPLICATION_JSON)
public class SignaturesResource {

    private final ComposeSettingsComponent compose;

    /** Uses the compose settings. */
    @Activate
    public SignaturesResource(@Reference ComposeSettingsComponent compose) {
        this.compose = compose;
    }

    /** The caller's signatures. */
    @GET
    public List<?> list(@Context ContainerRequestContext rc) {
        return compose.settings().signatures(Callers.of(rc));
    }

    /** Creates a signature. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context ContainerRequestContext rc, ComposeSettings.SignatureBody body) {
        return Response.status(201).entity(compose.settings().create(Callers.of(rc), body)).build();
    }

    /** Replaces a signature. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Object update(@Context ContainerRequestContext rc, @PathParam("id") String id,
            ComposeSettings.SignatureBody body) {
        return compose.settings().update(Callers.of(rc), id, body);
    }

    /** Deletes a signature. */
    @DELETE
    @Path("{id}")
    public Response delete(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        compose.settings().delete(Callers.of(rc), id);
        return Response.noContent().build();
    }
}
