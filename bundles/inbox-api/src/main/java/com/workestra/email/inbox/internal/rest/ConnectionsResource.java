package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.BackfillService;
import com.workestra.email.api.Caller;
import com.workestra.email.api.ConnectionService;
import com.workestra.email.api.ConnectionService.AuthorizationStart;
import com.workestra.email.api.ConnectionService.AuthorizeRequest;
import com.workestra.email.api.ConnectionService.SyncResult;
import com.workestra.email.api.ConnectionView;
import com.workestra.email.store.LinkStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /email/v1/connections}: Settings &gt; Integrations (API.md "Connections"). */
@Component(service = ConnectionsResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-connections")
@Path(RestPaths.BASE + "/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    private final ConnectionService connections;
    private final BackfillService backfills;
    private final LinkStore links;

    /** Uses the connection and backfill services, and the link store for the team visibility. */
    @Activate
    public ConnectionsResource(@Reference ConnectionService connections, @Reference BackfillService backfills,
            @Reference LinkStore links) {
        this.connections = connections;
        this.backfills = backfills;
        this.links = links;
    }

    /**
     * Changes what teammates see of one of the caller's own mailboxes on module panels; applies at once, to threads
     * already linked too.
     */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ConnectionView update(@Context ContainerRequestContext rc, @PathParam("id") String id,
            UpdateBody body) {
        Caller caller = AuthFilter.caller(rc);
        if (body == null || body.visibility() == null) {
            throw ApiException.badRequest("visibility", "Send {\"visibility\": \"everything\" | \"subject\" |"
                    + " \"metadata\" | \"private\"}.");
        }
        if (!LinkStore.VISIBILITIES.contains(body.visibility())) {
            throw ApiException.badRequest("visibility", "visibility must be one of everything, subject, metadata,"
                    + " private.");
        }
        if (!links.setVisibility(caller.workspaceId(), caller.userId(), id, body.visibility())) {
            throw new ApiException(404, "not_found", "There is no such connection.", java.util.Map.of());
        }
        return connections.get(caller, id);
    }

    /** The caller's connections. */
    @GET
    public List<ConnectionView> list(@Context ContainerRequestContext rc, @QueryParam("provider") String provider) {
        return connections.list(AuthFilter.caller(rc), provider);
    }

    /** One connection. */
    @GET
    @Path("{id}")
    public ConnectionView get(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        return connections.get(AuthFilter.caller(rc), id);
    }

    /** Starts connecting a mailbox. */
    @POST
    @Path("{provider}/authorize")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response authorize(@Context ContainerRequestContext rc, @PathParam("provider") String provider,
            AuthorizeRequest body) {
        AuthorizationStart start = connections.authorize(AuthFilter.caller(rc), provider, body);
        // the browser key goes into an HttpOnly cookie only: the callback completes the flow in this browser alone
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("authorizationUrl", start.authorizationUrl());
        answer.put("state", start.state());
        return Response.ok(answer).cookie(OAuthCookies.issue(start, rc.getUriInfo().getBaseUri())).build();
    }

    /** Sync now. */
    @POST
    @Path("{id}/sync")
    public SyncResult sync(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        return connections.syncNow(AuthFilter.caller(rc), id);
    }

    /** Disconnects; mail is kept. */
    @DELETE
    @Path("{id}")
    public Response disconnect(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        connections.disconnect(AuthFilter.caller(rc), id);
        return Response.noContent().build();
    }

    /** Marks the mailbox as a module's intake. */
    @PUT
    @Path("{id}/intake")
    @Consumes(MediaType.APPLICATION_JSON)
    public ConnectionView intake(@Context ContainerRequestContext rc, @PathParam("id") String id, IntakeBody body) {
        if (body == null) {
            throw ApiException.badRequest("module", "Send {\"module\": \"support\" | \"recruiting\" | null}.");
        }
        return connections.setIntake(AuthFilter.caller(rc), id, body.module());
    }

    /** Adds a shared mailbox reached through this (Outlook) connection. */
    @POST
    @Path("{id}/shared-mailboxes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addShared(@Context ContainerRequestContext rc, @PathParam("id") String id, SharedBody body) {
        if (body == null) {
            throw ApiException.badRequest("address", "Send {\"address\": \"shared@example.com\"}.");
        }
        return Response.status(201).entity(connections.addSharedMailbox(AuthFilter.caller(rc), id, body.address()))
                .build();
    }

    /** What a backfill of a range would take. */
    @GET
    @Path("{id}/backfill/preview")
    public BackfillService.Preview backfillPreview(@Context ContainerRequestContext rc, @PathParam("id") String id,
            @QueryParam("range") String range) {
        return backfills.preview(AuthFilter.caller(rc), id, range);
    }

    /** The current or last backfill. */
    @GET
    @Path("{id}/backfill")
    public ConnectionView.BackfillView backfill(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        return backfills.current(AuthFilter.caller(rc), id);
    }

    /** Starts a backfill: 202 with the backfill, 409 while one is running or paused. */
    @POST
    @Path("{id}/backfill")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response startBackfill(@Context ContainerRequestContext rc, @PathParam("id") String id,
            BackfillBody body) {
        if (body == null || body.range() == null) {
            throw ApiException.badRequest("range", "Send {\"range\": \"30d\" | \"90d\" | \"12m\" | \"all\"}.");
        }
        return Response.status(202).entity(backfills.start(AuthFilter.caller(rc), id, body.range())).build();
    }

    /** Pauses, resumes or cancels the backfill; 409 when it cannot. */
    @POST
    @Path("{id}/backfill/{action: pause|resume|cancel}")
    public ConnectionView.BackfillView moveBackfill(@Context ContainerRequestContext rc, @PathParam("id") String id,
            @PathParam("action") String action) {
        return backfills.transition(AuthFilter.caller(rc), id, action);
    }

    /**
     * Body of POST backfill.
     *
     * @param range 30d, 90d, 12m or all
     */
    public record BackfillBody(String range) {
    }

    /**
     * Body of POST shared-mailboxes.
     *
     * @param address the shared mailbox's address
     */
    public record SharedBody(String address) {
    }

    /**
     * Body of PATCH /connections/{id}.
     *
     * @param visibility everything, subject, metadata or private
     */
    public record UpdateBody(String visibility) {
    }

    /**
     * Body of PUT intake.
     *
     * @param module support, recruiting or null
     */
    public record IntakeBody(String module) {
    }
}
