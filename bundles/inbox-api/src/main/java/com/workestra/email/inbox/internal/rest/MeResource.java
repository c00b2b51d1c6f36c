package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /email/v1/me}: who the host says the caller is (workspace, user, admin). */
@Component(service = MeResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-me")
@Path(RestPaths.BASE + "/me")
public class MeResource {

    /** The caller. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Caller me(@Context ContainerRequestContext request) {
        return AuthFilter.caller(request);
    }
}
