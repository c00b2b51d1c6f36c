package com.workestra.email.crm.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.api.panel.CrmPanel;
import com.workestra.email.api.panel.PanelThreadService;
import com.workestra.email.api.panel.PanelThreadView;
import com.workestra.email.api.panel.ThreadPage;
import com.workestra.email.linker.PanelThreads;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /email/v1/crm}: the threads of contact and deal pages (API.md "Module panels"). */
@Component(service = CrmResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-crm")
@Path("email/v1/crm")
@Produces(MediaType.APPLICATION_JSON)
public class CrmResource {

    private final CrmPanel panel;
    private final PanelThreadService threads;

    /** Uses the CRM panel service and the panel threads. */
    @Activate
    public CrmResource(@Reference CrmPanel panel, @Reference PanelThreadService threads) {
        this.panel = panel;
        this.threads = threads;
    }

    /** One thread of a contact, cut to what the caller may see (a teammate's as its owner shared it). */
    @GET
    @Path("contacts/{contactId}/threads/{threadId}")
    public PanelThreadView contactThread(@Context ContainerRequestContext rc, @PathParam("contactId") String contactId,
            @PathParam("threadId") String threadId) {
        return threads.thread(caller(rc), "crm", "contact", contactId, threadId);
    }

    /** One thread of a deal, cut to what the caller may see. */
    @GET
    @Path("deals/{dealId}/threads/{threadId}")
    public PanelThreadView dealThread(@Context ContainerRequestContext rc, @PathParam("dealId") String dealId,
            @PathParam("threadId") String threadId) {
        return threads.thread(caller(rc), "crm", "deal", dealId, threadId);
    }

    /** Threads of a contact, newest first. */
    @GET
    @Path("contacts/{contactId}/threads")
    public ThreadPage contactThreads(@Context ContainerRequestContext rc, @PathParam("contactId") String contactId,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return panel.contactThreads(caller(rc), contactId, cursor, PanelThreads.limit(limit));
    }

    /** Threads of a deal, newest first. */
    @GET
    @Path("deals/{dealId}/threads")
    public ThreadPage dealThreads(@Context ContainerRequestContext rc, @PathParam("dealId") String dealId,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return panel.dealThreads(caller(rc), dealId, cursor, PanelThreads.limit(limit));
    }

    private static Caller caller(ContainerRequestContext rc) {
        return PanelThreads.caller(rc.getProperty(PanelThreads.CALLER_PROPERTY));
    }
}
