package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.workestra.email.sandbox.Http;
import java.time.Instant;

/** Builds the JSON body of a Resend email webhook event. */
final class EventPayloads {

    private EventPayloads() {
    }

    /**
     * {@code {type, created_at, data: {created_at, email_id, from, to, subject, tags?, bounce?, click?}}}; fields of
     * {@code extraData} (control API) are merged into {@code data}.
     */
    static String build(StoredEmail e, String type, Instant now, JsonNode extraData) {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("type", type);
        root.put("created_at", now.toString());
        ObjectNode data = root.putObject("data");
        data.put("created_at", ResendEmulator.timestamp(e.createdAt));
        data.put("email_id", e.id);
        data.put("from", e.from);
        data.set("to", Http.JSON.valueToTree(e.to));
        data.put("subject", e.subject);
        if (!e.tags.isEmpty()) {
            data.set("tags", Http.JSON.valueToTree(e.tags));
        }
        if ("email.bounced".equals(type)) {
            ObjectNode bounce = data.putObject("bounce");
            bounce.put("message", "The recipient's mail server permanently rejected the email.");
            bounce.put("subType", "General");
            bounce.put("type", "Permanent");
        } else if ("email.clicked".equals(type)) {
            ObjectNode click = data.putObject("click");
            click.put("ipAddress", "127.0.0.1");
            click.put("link", "https://example.com/");
            click.put("timestamp", now.toString());
            click.put("userAgent", "Mozilla/5.0 (Workestra sandbox)");
        }
        if (extraData != null && extraData.isObject()) {
            data.setAll((ObjectNode) extraData);
        }
        try {
            return Http.JSON.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a tree of strings always serialises", ex);
        }
    }
}
