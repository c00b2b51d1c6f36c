package com.workestra.email.inbox.internal.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.api.ApiException;
import com.workestra.email.api.WebhookIntake;
import com.workestra.email.api.WebhookIntake.Notification;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code POST /email/v1/webhooks/graph} and {@code /lifecycle}: Microsoft Graph change and lifecycle notifications.
 * Answers the validation handshake by echoing the token (text/plain), otherwise verifies each notification's client
 * state through the intake, persists hints and answers 202; no sync work happens here.
 */
@Component(service = GraphWebhookResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-email-graph-webhook")
@Path(RestPaths.BASE + "/webhooks/graph")
public class GraphWebhookResource {

    private static final int MAX_BODY = RequestLimits.PUBLIC_MAX_BYTES;
    /** Notifications handled per request; each costs a subscription look-up. */
    static final int MAX_NOTIFICATIONS = 200;

    private final WebhookIntake intake;

    /** Uses the intake. */
    @Activate
    public GraphWebhookResource(@Reference WebhookIntake intake) {
        this.intake = intake;
    }

    /** Change notifications. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response changes(@QueryParam("validationToken") String validationToken, String body) {
        return handle(validationToken, body);
    }

    /** Lifecycle notifications (reauthorizationRequired, subscriptionRemoved, missed). */
    @POST
    @Path("lifecycle")
    @Consumes(MediaType.WILDCARD)
    public Response lifecycle(@QueryParam("validationToken") String validationToken, String body) {
        return handle(validationToken, body);
    }

    private Response handle(String validationToken, String body) {
        if (validationToken != null) {
            if (validationToken.length() > 2048) {
                throw ApiException.badRequest("validationToken", "The validation token is too long.");
            }
            return Response.ok(validationToken, MediaType.TEXT_PLAIN_TYPE).build();
        }
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw ApiException.badRequest("body", "Expected a notification collection.");
        }
        JsonNode root;
        try {
            root = JsonProvider.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "The notification body is not valid JSON.");
        }
        JsonNode value = root.get("value");
        if (value == null || !value.isArray()) {
            throw ApiException.badRequest("value", "Expected a notification collection in 'value'.");
        }
        if (value.size() > MAX_NOTIFICATIONS) {
            // more than Graph ever batches: refused whole, before any subscription is looked up
            throw new ApiException(413, "payload_too_large", "At most " + MAX_NOTIFICATIONS
                    + " notifications are handled per request.", Map.of("limit", MAX_NOTIFICATIONS));
        }
        List<Notification> notifications = new ArrayList<>();
        for (JsonNode n : value) {
            notifications.add(new Notification(text(n, "subscriptionId"), text(n, "clientState"),
                    text(n, "changeType"), text(n, "resource"), text(n, "lifecycleEvent")));
        }
        int accepted = intake.accept("outlook", notifications);
        return Response.accepted(Map.of("received", notifications.size(), "accepted", accepted))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
