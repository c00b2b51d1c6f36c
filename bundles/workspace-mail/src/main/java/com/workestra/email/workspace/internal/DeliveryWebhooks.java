package com.workestra.email.workspace.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.resend.core.exception.ResendException;
import com.resend.services.webhooks.Webhooks;
import com.resend.services.webhooks.model.VerifyWebhookOptions;
import com.workestra.email.api.ApiException;
import com.workestra.email.store.WorkspaceMailStore;
import com.workestra.email.store.WorkspaceMailStore.DeliveryEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/resend}: verifies the Svix signature and timestamp with the Resend SDK's verifier, against the
 * signing secret of the workspace named in the URL ({@code ?workspace=}, as registered by PUT /workspace/sender) or the
 * configured one, then records the event once per {@code svix-id}.
 */
final class DeliveryWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWebhooks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 256 * 1024;
    private static final List<String> TYPES = List.of("email.sent", "email.delivered", "email.delivery_delayed",
            "email.bounced", "email.complained", "email.opened", "email.clicked", "email.scheduled",
            "email.failed", "email.received");

    private final WorkspaceMailStore store;
    private final Webhooks verifier;
    private final Function<String, Optional<String>> workspaceSecret;
    private final String configuredSecret;
    private final Clock clock;

    /**
     * @param workspaceSecret the signing secret of a workspace's webhook, if set
     * @param configuredSecret the signing secret from the configuration (one Resend account for every workspace),
     *     or null
     */
    DeliveryWebhooks(WorkspaceMailStore store, Webhooks verifier, Function<String, Optional<String>> workspaceSecret,
            String configuredSecret, Clock clock) {
        this.store = store;
        this.verifier = verifier;
        this.workspaceSecret = workspaceSecret;
        this.configuredSecret = configuredSecret == null || configuredSecret.isBlank() ? null : configuredSecret;
        this.clock = clock;
    }

    /** What happened to a delivery. */
    record Result(boolean recorded, String svixId) {
    }

    /**
     * Verifies and records one delivery.
     *
     * @throws ApiException 401 {@code invalid_signature} when the signature, timestamp or secret do not match; 400
     *     for a body that is not an event
     */
    Result receive(String workspaceId, Map<String, String> svixHeaders, String body) {
        if (body == null || body.isEmpty() || body.length() > MAX_BODY) {
            throw ApiException.badRequest("body", "Expected a Resend webhook event.");
        }
        Signer signer = secretFor(workspaceId);
        String secret = signer.secret();
        try {
            verifier.verify(VerifyWebhookOptions.builder().payload(body).addHeaders(svixHeaders).secret(secret)
                    .build());
        } catch (ResendException e) {
            LOG.info("Rejected a Resend webhook: {}", e.getMessage());
            throw new ApiException(401, "invalid_signature", "The webhook signature or timestamp is not valid.",
                    Map.of());
        } catch (RuntimeException e) {
            // malformed signature header or secret (bad base64): not a valid signature either
            throw new ApiException(401, "invalid_signature", "The webhook signature or timestamp is not valid.",
                    Map.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "The event is not valid JSON.");
        }
        String type = text(root, "type");
        JsonNode data = root.path("data");
        String emailId = text(data, "email_id");
        if (type == null || !TYPES.contains(type)) {
            throw ApiException.badRequest("type", "Unknown event type.");
        }
        if (emailId == null || emailId.isBlank() || emailId.length() > 200) {
            throw ApiException.badRequest("data.email_id", "The event names no email.");
        }
        String svixId = svixHeaders.get("svix-id");
        String detail = null;
        JsonNode bounce = data.path("bounce");
        if (bounce.isObject()) {
            String bounceType = text(bounce, "type");
            String message = text(bounce, "message");
            detail = (bounceType == null ? "bounce" : bounceType) + (message == null ? "" : ": " + message);
        }
        boolean recorded = store.recordDeliveryEvent(new DeliveryEvent(svixId, emailId, signer.workspaceId(), type,
                instant(text(root, "created_at")), detail, clock.instant()));
        return new Result(recorded, svixId);
    }

    /** The secret a delivery is checked against, and the workspace it belongs to (null for the configured one). */
    private record Signer(String secret, String workspaceId) {
    }

    private Signer secretFor(String workspaceId) {
        Optional<String> own = Optional.empty();
        if (workspaceId != null && !workspaceId.isBlank() && workspaceId.length() <= 64) {
            try {
                own = workspaceSecret.apply(workspaceId);
            } catch (RuntimeException e) {
                LOG.warn("The webhook signing secret of workspace {} cannot be opened", workspaceId);
            }
        }
        if (own.isPresent()) {
            return new Signer(own.get(), workspaceId);
        }
        if (configuredSecret != null) {
            return new Signer(configuredSecret, null);
        }
        throw new ApiException(401, "invalid_signature", "No signing secret is configured for this webhook.",
                Map.of());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
