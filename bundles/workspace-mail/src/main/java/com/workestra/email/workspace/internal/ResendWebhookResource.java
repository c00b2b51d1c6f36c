package com.workestra.email.workspace.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code POST /email/v1/webhooks/resend[?workspace=id]} (public): Svix signature and timestamp verified, idempotent on
 * {@code svix-id}; 200 after the event is stored (also for a redelivery), 401 {@code invalid_signature} otherwise.
 */
@Component(service = ResendWebhookResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-resend-webhook")
@Path(Rest.BASE + "/webhooks/resend")
public class ResendWebhookResource {

    private final DeliveryWebhooks webhooks;

    /** Uses the workspace mail parts. */
    @Activate
    public ResendWebhookResource(@Reference WorkspaceMailComponent mail) {
        this.webhooks = mail.webhooks();
    }

    /** One delivery from Resend. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@QueryParam("workspace") String workspace, @HeaderParam("svix-id") String svixId,
            @HeaderParam("svix-timestamp") String timestamp, @HeaderParam("svix-signature") String signature,
            String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("svix-id", svixId);
        headers.put("svix-timestamp", timestamp);
        headers.put("svix-signature", signature);
        return Rest.json(200, () -> {
            DeliveryWebhooks.Result r = webhooks.receive(workspace, headers, body);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("received", true);
            out.put("duplicate", !r.recorded());
            return out;
        });
    }
}
