package com.workestra.email.inbox.internal.rest;

import com.workestra.email.inbox.internal.view.InboxViews;
import com.workestra.email.store.InboxStore;
import com.workestra.email.store.InboxStore.FeedPage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /email/v1/inbox}: the caller's feed of messages and notifications (API.md "Inbox"). */
@Component(service = InboxResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-inbox")
@Path(RestPaths.BASE + "/inbox")
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

    private final InboxViews views;

    /** Uses the inbox store. */
    @Activate
    public InboxResource(@Reference InboxStore store) {
        this.views = new InboxViews(store, Clock.systemUTC());
    }

    /** One page, newest first. */
    @GET
    public FeedPage feed(@Context ContainerRequestContext rc, @QueryParam("tab") String tab,
            @QueryParam("connection") String connection, @QueryParam("q") String q,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return views.feed(AuthFilter.caller(rc), tab, connection, q, cursor, limit);
    }
}
