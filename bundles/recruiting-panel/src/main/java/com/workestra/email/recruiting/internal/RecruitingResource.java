package com.workestra.email.recruiting.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.api.panel.RecruitingPanel;
import com.workestra.email.api.panel.RecruitingPanel.Application;
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
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /email/v1/recruiting}: a candidate's Email tab and mailed applications (API.md "Module panels"). */
@Component(service = RecruitingResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-recruiting")
@Path("email/v1/recruiting")
@Produces(MediaType.APPLICATION_JSON)
public class RecruitingResource {

    private final RecruitingPanel panel;
    private final PanelThreadService threads;

    /** Uses the recruiting panel service. */
    @Activate
    public RecruitingResource(@Reference RecruitingPanel panel, @Reference PanelThreadService threads) {
        this.panel = panel;
        this.threads = threads;
    }

    /** One thread of a candidate, cut to what the caller may see (intake mailboxes in full to recruiters). */
    @GET
    @Path("candidates/{candidateId}/threads/{threadId}")
    public PanelThreadView thread(@Context ContainerRequestContext rc, @PathParam("candidateId") String candidateId,
            @PathParam("threadId") String threadId) {
        return threads.thread(caller(rc), "recruiting", "candidate", candidateId, threadId);
    }

    /** Threads of a candidate, newest first. */
    @GET
    @Path("candidates/{candidateId}/threads")
    public ThreadPage threads(@Context ContainerRequestContext rc, @PathParam("candidateId") String candidateId,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return panel.candidateThreads(caller(rc), candidateId, cursor, PanelThreads.limit(limit));
    }

    /** Applications of a candidate that arrived through a recruiting intake mailbox, newest first. */
    @GET
    @Path("candidates/{candidateId}/applications")
    public List<Application> applications(@Context ContainerRequestContext rc,
            @PathParam("candidateId") String candidateId) {
        return panel.applications(caller(rc), candidateId);
    }

    private static Caller caller(ContainerRequestContext rc) {
        return PanelThreads.caller(rc.getProperty(PanelThreads.CALLER_PROPERTY));
    }
}
