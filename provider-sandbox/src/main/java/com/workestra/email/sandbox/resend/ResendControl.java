package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Resend part of the sandbox control API ({@code /_sandbox/resend/...}); answers plain JSON. */
final class ResendControl {

    private final ResendEmulator emulator;

    ResendControl(ResendEmulator emulator) {
        this.emulator = emulator;
    }

    boolean handle(HttpExchange ex, String rest) throws IOException {
        String path = rest.endsWith("/") && rest.length() > 1 ? rest.substring(0, rest.length() - 1) : rest;
        String method = ex.getRequestMethod();
        try {
            Object answer = route(ex, method, path);
            if (answer == null) {
                return false;
            }
            Http.sendJson(ex, 200, answer);
        } catch (ResendError e) {
            Http.sendJson(ex, e.status, Map.of("error", e.getMessage()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Http.sendJson(ex, 400, Map.of("error", "bad request: " + e.getMessage()));
        }
        return true;
    }

    private Object route(HttpExchange ex, String method, String path) throws IOException {
        switch (method + " " + path) {
            case "GET /emails":
                ArrayNode all = Http.JSON.createArrayNode();
                emulator.emails.oldestFirst().forEach(e -> all.add(describe(e)));
                return all;
            case "POST /events":
                return event(Http.json(ex));
            case "PUT /webhook":
            case "POST /webhook":
                return registerWebhook(Http.json(ex));
            case "GET /webhooks":
                return emulator.webhooks.list();
            case "GET /deliveries":
                return emulator.webhooks.deliveries();
            case "GET /settings":
                return settings();
            case "PUT /settings":
            case "POST /settings":
                return updateSettings(Http.json(ex));
            case "POST /keys/revoke":
                return revoke(Http.json(ex));
            default:
                break;
        }
        if ("GET".equals(method) && path.startsWith("/emails/")) {
            return describe(emulator.emails.find(path.substring("/emails/".length())));
        }
        if (path.equals("/emails") || path.equals("/events") || path.equals("/webhook") || path.equals("/settings")) {
            throw new ResendError(405, "method_not_allowed", "method " + method + " not allowed on " + path);
        }
        return null;
    }

    private Object event(JsonNode body) {
        String emailId = body.path("emailId").asText(null);
        String type = body.path("type").asText(null);
        if (emailId == null || type == null) {
            throw new IllegalArgumentException("emailId and type are required");
        }
        if (!WebhookHub.EMAIL_EVENTS.contains(type)) {
            throw new IllegalArgumentException("type must be one of " + WebhookHub.EMAIL_EVENTS);
        }
        StoredEmail e = emulator.emails.find(emailId);
        // signedSecondsAgo: a genuinely signed delivery whose timestamp is that old (tests of the receiver's tolerance)
        long age = body.path("signedSecondsAgo").asLong(0);
        List<WebhookHub.Delivery> deliveries = emulator.emails.emit(e, type, body.get("data"), age);
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("emailId", e.id);
        out.put("type", type);
        out.put("lastEvent", e.lastEvent());
        out.set("deliveries", Http.JSON.valueToTree(deliveries));
        return out;
    }

    private Object registerWebhook(JsonNode body) {
        String url = WebhookHub.endpoint(body.path("url").asText(null));
        String secret = body.hasNonNull("secret") ? body.get("secret").asText() : SvixSigner.newSecret();
        if (!SvixSigner.validSecret(secret)) {
            throw new IllegalArgumentException("secret must be \"whsec_\" followed by base64");
        }
        List<String> events = new ArrayList<>();
        if (body.has("events") && body.get("events").isArray()) {
            body.get("events").forEach(n -> events.add(n.asText()));
        } else {
            events.addAll(WebhookHub.EMAIL_EVENTS);
        }
        WebhookHub.Webhook w = emulator.webhooks.register(url, secret, events, Instant.now());
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("id", w.id);
        out.put("secret", w.secret);
        out.put("url", w.endpoint);
        out.set("events", Http.JSON.valueToTree(w.events));
        return out;
    }

    private Object settings() {
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("limitsEnabled", emulator.isLimitsEnabled());
        out.put("rateLimitPerSecond", emulator.limiter.limit());
        out.put("autoEvents", emulator.emails.autoEvents());
        out.put("autoEventDelayMs", emulator.emails.autoEventDelayMs());
        return out;
    }

    private Object updateSettings(JsonNode body) {
        if (body.has("rateLimitPerSecond")) {
            emulator.setRateLimitPerSecond(body.get("rateLimitPerSecond").asInt());
        }
        if (body.has("limitsEnabled")) {
            emulator.setLimitsEnabled(body.get("limitsEnabled").asBoolean());
        }
        if (body.has("autoEvents") || body.has("autoEventDelayMs")) {
            emulator.setAutoEvents(body.path("autoEvents").asBoolean(emulator.emails.autoEvents()),
                    body.path("autoEventDelayMs").asLong(emulator.emails.autoEventDelayMs()));
        }
        return settings();
    }

    private Object revoke(JsonNode body) {
        String key = body.path("apiKey").asText(null);
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("apiKey is required");
        }
        emulator.revokedKeys.add(key);
        return Map.of("revoked", true);
    }

    private static ObjectNode describe(StoredEmail e) {
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("id", e.id);
        out.put("from", e.from);
        out.set("to", Http.JSON.valueToTree(e.to));
        out.set("cc", Http.JSON.valueToTree(e.cc));
        out.set("bcc", Http.JSON.valueToTree(e.bcc));
        out.set("reply_to", Http.JSON.valueToTree(e.replyTo));
        out.put("subject", e.subject);
        out.put("html", e.html);
        out.put("text", e.text);
        out.set("headers", Http.JSON.valueToTree(e.headers));
        ArrayNode attachments = out.putArray("attachments");
        for (StoredEmail.AttachmentInfo a : e.attachments) {
            ObjectNode n = attachments.addObject();
            n.put("name", a.name());
            if (a.size() != null) {
                n.put("size", a.size());
            } else {
                n.putNull("size");
            }
            n.put("contentType", a.contentType());
            if (a.path() != null) {
                n.put("path", a.path());
            }
        }
        out.set("tags", Http.JSON.valueToTree(e.tags));
        out.put("scheduledAt", e.scheduledAt);
        out.put("templateId", e.templateId);
        out.put("createdAt", e.createdAt.toString());
        out.put("lastEvent", e.lastEvent());
        return out;
    }
}
