package com.workestra.email.inbox.internal.rest;

import com.workestra.email.inbox.internal.view.InboxViews;
import com.workestra.email.inbox.internal.view.InboxViews.NotificationBody;
import com.workestra.email.store.InboxStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code POST /email/v1/notifications}: host modules put mentions, assignments and activity into a user's inbox. */
@Component(service = NotificationsResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-notifications")
@Path(RestPaths.BASE + "/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {

    private final InboxViews views;

    /** Uses the inbox store. */
    @Activate
    public NotificationsResource(@Reference InboxStore store) {
        this.views = new InboxViews(store, Clock.systemUTC());
    }

    /** 201 with the notification's id. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context ContainerRequestContext rc, NotificationBody body) {
        return Response.status(201).entity(views.notify(AuthFilter.caller(rc), body)).build();
    }
}
