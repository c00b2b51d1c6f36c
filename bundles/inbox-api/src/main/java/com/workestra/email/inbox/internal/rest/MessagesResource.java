package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.MessageSending;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.inbox.internal.view.InboxViews;
import com.workestra.email.inbox.internal.view.InboxViews.ReadResult;
import com.workestra.email.inbox.internal.view.MessageView;
import com.workestra.email.store.InboxStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /email/v1/messages}: the safe view of one message, two-way read state, and the sending endpoints (one root
 * path is one class), which delegate to the {@link MessageSending} service of the outbound bundle.
 */
@Component(service = MessagesResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-messages")
@Path(RestPaths.BASE + "/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    /** Seconds a client waits before retrying while sending is not running. */
    static final String RETRY_AFTER = "30";

    private final InboxViews views;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MessageSending sending;

    /** Uses the inbox store. */
    @Activate
    public MessagesResource(@Reference InboxStore store) {
        this.views = new InboxViews(store, Clock.systemUTC());
    }

    /** The message: sanitized HTML and text, headers, attachments; {@code images=show} loads remote images. */
    @GET
    @Path("{id}")
    public MessageView message(@Context ContainerRequestContext rc, @PathParam("id") String id,
            @QueryParam("images") String images) {
        return views.message(AuthFilter.caller(rc), id, "show".equals(images));
    }

    /** Marks read or unread here at once; the provider follows in the background. */
    @POST
    @Path("{id}/read")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReadResult read(@Context ContainerRequestContext rc, @PathParam("id") String id, ReadBody body) {
        return views.markRead(AuthFilter.caller(rc), id, body == null ? null : body.read());
    }

    /** Sends (or schedules) a message: 202 with the send's id and status. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@Context ContainerRequestContext rc, @HeaderParam("Idempotency-Key") String key,
            SendRequest body) {
        MessageSending s = sending;
        if (s == null) {
            return unavailable();
        }
        return Response.status(202).entity(s.send(AuthFilter.caller(rc), body, key)).build();
    }

    /** Cancels a scheduled send (409 once sent). */
    @DELETE
    @Path("{id}/schedule")
    public Response cancel(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        MessageSending s = sending;
        if (s == null) {
            return unavailable();
        }
        return Response.ok(s.cancelScheduled(AuthFilter.caller(rc), id)).build();
    }

    private static Response unavailable() {
        return Response.fromResponse(ErrorBody.response(503, "sending_unavailable",
                "Sending is not running on this server right now; try again shortly.", Map.of()))
                .header("Retry-After", RETRY_AFTER).build();
    }

    /**
     * Body of POST /messages/{id}/read.
     *
     * @param read the wanted state
     */
    public record ReadBody(Boolean read) {
    }
}
