package com.workestra.email.support.internal;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.MessageSending.SendResult;
import com.workestra.email.api.Caller;
import com.workestra.email.api.panel.SupportPanel;
import com.workestra.email.api.panel.SupportPanel.TicketReply;
import com.workestra.email.api.panel.PanelThreadService;
import com.workestra.email.api.panel.PanelThreadView;
import com.workestra.email.api.panel.ThreadPage;
import com.workestra.email.linker.PanelThreads;
import jakarta.ws.rs.Consumes;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /email/v1/support}: a ticket's threads and replies from the intake mailbox (API.md "Module panels"). */
@Component(service = SupportResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-support")
@Path("email/v1/support")
@Produces(MediaType.APPLICATION_JSON)
public class SupportResource {

    private final SupportPanel panel;
    private final PanelThreadService threads;

    /** Uses the support panel service. */
    @Activate
    public SupportResource(@Reference SupportPanel panel, @Reference PanelThreadService threads) {
        this.panel = panel;
        this.threads = threads;
    }

    /** One thread of a ticket, cut to what the caller may see (intake mailboxes in full to support members). */
    @GET
    @Path("tickets/{ticketId}/threads/{threadId}")
    public PanelThreadView thread(@Context ContainerRequestContext rc, @PathParam("ticketId") String ticketId,
            @PathParam("threadId") String threadId) {
        return threads.thread(caller(rc), "support", "ticket", ticketId, threadId);
    }

    /** Threads of a ticket, newest first. */
    @GET
    @Path("tickets/{ticketId}/threads")
    public ThreadPage threads(@Context ContainerRequestContext rc, @PathParam("ticketId") String ticketId,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return panel.ticketThreads(caller(rc), ticketId, cursor, PanelThreads.limit(limit));
    }

    /** Replies to the ticket's conversation; 202 with the send's id and status. */
    @POST
    @Path("tickets/{ticketId}/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reply(@Context ContainerRequestContext rc, @PathParam("ticketId") String ticketId,
            @HeaderParam("Idempotency-Key") String idempotencyKey, TicketReply body) {
        try {
            SendResult r = panel.reply(caller(rc), ticketId, body, idempotencyKey);
            return Response.status(202).entity(r).build();
        } catch (ApiException e) {
            if (e.status() != 503 && e.status() != 429) {
                throw e;
            }
            // the error mapper knows no Retry-After: answer these here with the header the contract requires
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.code());
            error.put("message", e.getMessage());
            error.put("details", e.details());
            Object after = e.details().getOrDefault("retryAfterSeconds", 30);
            return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", String.valueOf(after)).entity(error).build();
        }
    }

    private static Caller caller(ContainerRequestContext rc) {
        return PanelThreads.caller(rc.getProperty(PanelThreads.CALLER_PROPERTY));
    }
}
