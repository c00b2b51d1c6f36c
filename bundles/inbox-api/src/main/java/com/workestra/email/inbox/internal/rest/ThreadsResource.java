package com.workestra.email.inbox.internal.rest;

import com.workestra.email.inbox.internal.view.InboxViews;
import com.workestra.email.inbox.internal.view.InboxViews.ThreadView;
import com.workestra.email.store.InboxStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** {@code GET /email/v1/threads/{id}}: a thread's messages, sanitized. */
@Component(service = ThreadsResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-threads")
@Path(RestPaths.BASE + "/threads")
@Produces(MediaType.APPLICATION_JSON)
public class ThreadsResource {

    private final InboxViews views;

    /** Uses the inbox store. */
    @Activate
    public ThreadsResource(@Reference InboxStore store) {
        this.views = new InboxViews(store, Clock.systemUTC());
    }

    /** The thread; {@code images=show} loads remote images. */
    @GET
    @Path("{id}")
    public ThreadView thread(@Context ContainerRequestContext rc, @PathParam("id") String id,
            @QueryParam("images") String images) {
        return views.thread(AuthFilter.caller(rc), id, "show".equals(images));
    }
}
