package com.workestra.email.outbound.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /email/v1/senders}: the From selector with the caller's last choice (API.md "Sending"). */
@Component(service = SendersResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-senders")
@Path("email/v1/senders")
@Produces(MediaType.APPLICATION_JSON)
public class SendersResource {

    private final ComposeSettingsComponent compose;

    /** Uses the compose settings. */
    @Activate
    public SendersResource(@Reference ComposeSettingsComponent compose) {
        this.compose = compose;
    }

    /** What the caller may send from. */
    @GET
    public Object senders(@Context ContainerRequestContext rc) {
        return compose.settings().senders(Callers.of(rc));
    }
}
