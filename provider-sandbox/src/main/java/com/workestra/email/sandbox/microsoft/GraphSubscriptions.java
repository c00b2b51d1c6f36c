package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Graph change-notification subscriptions on messages: create (with the validationToken handshake), renew, delete,
 * change notifications on mailbox changes and lifecycle notifications on demand.
 */
final class GraphSubscriptions {

    /** Longest lifetime Graph grants an Outlook message subscription. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(4230);
    private static final Set<String> CHANGE_TYPES = Set.of("created", "updated", "deleted");
    static final Set<String> LIFECYCLE_EVENTS = Set.of("reauthorizationRequired", "subscriptionRemoved", "missed");
    private static final Pattern RESOURCE = Pattern.compile(
            "(?i)^/?(me|users/([^/()]+)|users\\('([^']+)'\\))(?:/mailfolders(?:/([^/()]+)|\\('([^']+)'\\)))?"
                    + "/messages/?(\\?.*)?$");

    /** One active subscription. */
    static final class Subscription {
        final String id = UUID.randomUUID().toString();
        final String mailbox;
        final String resource;
        final MailBackend.Folder folder;
        final Set<String> changeTypes;
        final String clientState;
        final String applicationId;
        final String creatorId;
        volatile String notificationUrl;
        volatile String lifecycleNotificationUrl;
        volatile Instant expiration;

        Subscription(String mailbox, String resource, MailBackend.Folder folder, Set<String> changeTypes,
                String clientState, String applicationId, String creatorId) {
            this.mailbox = mailbox;
            this.resource = resource;
            this.folder = folder;
            this.changeTypes = changeTypes;
            this.clientState = clientState;
            this.applicationId = applicationId;
            this.creatorId = creatorId;
        }
    }

    private final MailBackend backend;
    private final Webhooks webhooks;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    GraphSubscriptions(MailBackend backend, Webhooks webhooks) {
        this.backend = backend;
        this.webhooks = webhooks;
    }

    void reset() {
        subscriptions.clear();
    }

    /** Active (not expired) subscriptions; expired ones are forgotten as Graph does. */
    List<Subscription> active() {
        Instant now = Instant.now();
        subscriptions.values().removeIf(s -> s.expiration.isBefore(now));
        return new ArrayList<>(subscriptions.values());
    }

    /** The mailbox a subscription request targets (for throttling) or null when it cannot be told. */
    String targetMailbox(GraphRequest req, MailBackend.TokenOwner caller) {
        if (req.method().equals("POST")) {
            try {
                Matcher m = RESOURCE.matcher(req.json().path("resource").asText(""));
                if (m.matches()) {
                    return m.group(1).equalsIgnoreCase("me") ? caller.address()
                            : m.group(2) != null ? m.group(2) : m.group(3);
                }
            } catch (IOException e) {
                return null;
            }
            return null;
        }
        return caller.address();
    }

    GraphResponse handle(GraphRequest req, MailBackend.TokenOwner caller, List<String> rest) throws IOException {
        if (rest.isEmpty()) {
            switch (req.method()) {
                case "POST":
                    return create(req, caller);
                case "GET":
                    List<Object> value = new ArrayList<>();
                    for (Subscription s : active()) {
                        if (s.applicationId.equals(caller.clientId())) {
                            value.add(json(req, s));
                        }
                    }
                    return GraphResponse.json(200, Map.of("@odata.context", req.graphRoot()
                            + "/$metadata#subscriptions", "value", value));
                default:
                    return GraphMail.notAllowed();
            }
        }
        Subscription s = active().stream().filter(x -> x.id.equals(rest.get(0))).findFirst().orElse(null);
        if (s == null || !s.applicationId.equals(caller.clientId())) {
            return GraphResponse.error(404, "ResourceNotFound", "The object was not found.");
        }
        switch (req.method()) {
            case "GET":
                return GraphResponse.json(200, json(req, s));
            case "DELETE":
                subscriptions.remove(s.id);
                return GraphResponse.empty(204);
            case "PATCH":
                return renew(req, s);
            default:
                return GraphMail.notAllowed();
        }
    }

    private GraphResponse create(GraphRequest req, MailBackend.TokenOwner caller) throws IOException {
        JsonNode body;
        try {
            body = req.json();
        } catch (IOException e) {
            return GraphResponse.error(400, "InvalidRequest", "Unable to read JSON request payload.");
        }
        String resource = body.path("resource").asText("");
        String notificationUrl = body.path("notificationUrl").asText("");
        String lifecycleUrl = body.hasNonNull("lifecycleNotificationUrl")
                ? body.get("lifecycleNotificationUrl").asText() : null;
        String clientState = body.hasNonNull("clientState") ? body.get("clientState").asText() : null;
        Set<String> changeTypes = new LinkedHashSet<>();
        for (String t : body.path("changeType").asText("").split(",")) {
            if (!t.isBlank()) {
                changeTypes.add(t.trim());
            }
        }
        if (changeTypes.isEmpty() || !CHANGE_TYPES.containsAll(changeTypes)) {
            return extensionError(400, "BadRequest", "Invalid 'changeType' attribute: '"
                    + body.path("changeType").asText("") + "'.");
        }
        if (!validUrl(notificationUrl) || (lifecycleUrl != null && !validUrl(lifecycleUrl))) {
            return GraphResponse.error(400, "InvalidRequest", "Invalid notification url '" + notificationUrl + "'.");
        }
        if (clientState != null && clientState.length() > 128) {
            return GraphResponse.error(400, "InvalidRequest", "clientState must not exceed 128 characters.");
        }
        Matcher m = RESOURCE.matcher(resource);
        if (!m.matches()) {
            return extensionError(400, "BadRequest", "Resource '" + resource + "' is not supported.");
        }
        String user = m.group(1).equalsIgnoreCase("me") ? caller.address() : m.group(2) != null ? m.group(2)
                : m.group(3);
        MailBackend.Account target = GraphApi.findAccount(backend, user);
        if (target == null) {
            return extensionError(404, "NotFound", "The requested user '" + user + "' is invalid.");
        }
        if (!target.address().equalsIgnoreCase(caller.address())) {
            // Delegated access to another (shared) mailbox does not extend to change notifications.
            return extensionError(403, "Forbidden", "Access is denied. Check credentials and try again.");
        }
        String folderSegment = m.group(4) != null ? m.group(4) : m.group(5);
        MailBackend.Folder folder = null;
        if (folderSegment != null) {
            folder = GraphIds.folder(target.address(), folderSegment);
            if (folder == null) {
                return extensionError(404, "NotFound", "The specified folder could not be found in the store.");
            }
        }
        Instant expiration;
        try {
            expiration = OffsetDateTime.parse(body.path("expirationDateTime").asText("")).toInstant();
        } catch (RuntimeException e) {
            return GraphResponse.error(400, "InvalidRequest", "expirationDateTime is required and must be a valid"
                    + " DateTimeOffset.");
        }
        GraphResponse bad = checkExpiration(expiration, "Create");
        if (bad != null) {
            return bad;
        }
        String failure = handshake(notificationUrl);
        if (failure == null && lifecycleUrl != null && !lifecycleUrl.equals(notificationUrl)) {
            failure = handshake(lifecycleUrl);
        }
        if (failure != null) {
            return GraphResponse.error(400, "ValidationError", failure);
        }
        Subscription s = new Subscription(target.address(), resource, folder, changeTypes, clientState,
                caller.clientId(), GraphIds.userId(caller.address()));
        s.notificationUrl = notificationUrl;
        s.lifecycleNotificationUrl = lifecycleUrl;
        s.expiration = expiration;
        subscriptions.put(s.id, s);
        return GraphResponse.json(201, json(req, s));
    }

    private GraphResponse renew(GraphRequest req, Subscription s) throws IOException {
        JsonNode body = req.json();
        Instant expiration = s.expiration;
        if (body.hasNonNull("expirationDateTime")) {
            try {
                expiration = OffsetDateTime.parse(body.get("expirationDateTime").asText()).toInstant();
            } catch (RuntimeException e) {
                return GraphResponse.error(400, "InvalidRequest", "expirationDateTime must be a valid"
                        + " DateTimeOffset.");
            }
            GraphResponse bad = checkExpiration(expiration, "Update");
            if (bad != null) {
                return bad;
            }
        }
        String url = body.hasNonNull("notificationUrl") ? body.get("notificationUrl").asText() : null;
        if (url != null && !url.equals(s.notificationUrl)) {
            if (!validUrl(url)) {
                return GraphResponse.error(400, "InvalidRequest", "Invalid notification url '" + url + "'.");
            }
            String failure = handshake(url);
            if (failure != null) {
                return GraphResponse.error(400, "ValidationError", failure);
            }
            s.notificationUrl = url;
        }
        s.expiration = expiration;
        return GraphResponse.json(200, json(req, s));
    }

    private static GraphResponse checkExpiration(Instant expiration, String operation) {
        Instant now = Instant.now();
        if (!expiration.isAfter(now)) {
            return extensionError(400, "BadRequest", "Subscription expiration must be in the future.", operation);
        }
        if (expiration.isAfter(now.plus(MAX_LIFETIME))) {
            return extensionError(400, "BadRequest", "Subscription expiration can only be "
                    + MAX_LIFETIME.toMinutes() + " minutes in the future.", operation);
        }
        return null;
    }

    private String handshake(String url) {
        String token = "Validation: Testing client application reachability for subscription Request-Id: "
                + UUID.randomUUID();
        return webhooks.validate(url, token);
    }

    private static boolean validUrl(String url) {
        try {
            URI u = URI.create(url);
            return u.isAbsolute() && (u.getScheme().equals("http") || u.getScheme().equals("https"))
                    && u.getHost() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static GraphResponse extensionError(int status, String reason, String message) {
        return extensionError(status, reason, message, "Create");
    }

    private static GraphResponse extensionError(int status, String reason, String message, String operation) {
        return GraphResponse.error(status, "ExtensionError", "Operation: " + operation + "; Exception: [Status Code: "
                + reason + "; Reason: " + message + "]");
    }

    private static Map<String, Object> json(GraphRequest req, Subscription s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("@odata.context", req.graphRoot() + "/$metadata#subscriptions/$entity");
        r.put("id", s.id);
        r.put("resource", s.resource);
        r.put("applicationId", s.applicationId);
        r.put("changeType", String.join(",", s.changeTypes));
        r.put("clientState", s.clientState);
        r.put("notificationUrl", s.notificationUrl);
        r.put("notificationQueryOptions", null);
        r.put("lifecycleNotificationUrl", s.lifecycleNotificationUrl);
        r.put("expirationDateTime", s.expiration.toString());
        r.put("creatorId", s.creatorId);
        r.put("includeResourceData", false);
        r.put("latestSupportedTlsVersion", "v1_2");
        r.put("encryptionCertificate", null);
        r.put("encryptionCertificateId", null);
        r.put("notificationUrlAppId", null);
        return r;
    }

    // ---- notifications ----

    /** Called for every mailbox change: notifies the matching subscriptions. */
    void changed(String address, MailBackend.Change change) {
        for (Subscription s : active()) {
            if (!s.mailbox.equalsIgnoreCase(address) || !s.changeTypes.contains(change.kind())
                    || (s.folder != null && change.folder() != null && s.folder != change.folder())) {
                continue;
            }
            String resource = "Users/" + GraphIds.userId(address) + "/Messages/" + change.messageId();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("@odata.type", "#Microsoft.Graph.Message");
            data.put("@odata.id", resource);
            MailBackend.Mail mail = backend.message(address, change.messageId());
            if (mail != null) {
                data.put("@odata.etag", "W/\"" + GraphIds.changeKey(mail) + "\"");
            }
            data.put("id", change.messageId());
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("subscriptionId", s.id);
            n.put("subscriptionExpirationDateTime", s.expiration.toString());
            n.put("changeType", change.kind());
            n.put("resource", resource);
            n.put("resourceData", data);
            n.put("clientState", s.clientState);
            n.put("tenantId", GraphIds.TENANT_ID);
            webhooks.deliver(s.notificationUrl, Map.of("value", List.of(n)));
        }
    }

    /** Sends a lifecycle notification; returns null when sent, else an error text. */
    String lifecycle(String id, String event) {
        Subscription s = subscriptions.get(id);
        if (s == null) {
            return "unknown subscription";
        }
        if (!LIFECYCLE_EVENTS.contains(event)) {
            return "event must be one of " + LIFECYCLE_EVENTS;
        }
        if (s.lifecycleNotificationUrl == null) {
            return "subscription has no lifecycleNotificationUrl";
        }
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("subscriptionId", s.id);
        n.put("subscriptionExpirationDateTime", s.expiration.toString());
        n.put("tenantId", GraphIds.TENANT_ID);
        n.put("clientState", s.clientState);
        n.put("lifecycleEvent", event);
        if (event.equals("subscriptionRemoved")) {
            subscriptions.remove(id);
        }
        webhooks.deliver(s.lifecycleNotificationUrl, Map.of("value", List.of(n)));
        return null;
    }

    /** Drops a subscription silently (the provider lost it). */
    boolean drop(String id) {
        return subscriptions.remove(id) != null;
    }

    static Map<String, Object> control(Subscription s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", s.id);
        r.put("mailbox", s.mailbox);
        r.put("resource", s.resource);
        r.put("changeType", String.join(",", s.changeTypes));
        r.put("expirationDateTime", s.expiration.toString());
        r.put("notificationUrl", s.notificationUrl);
        r.put("lifecycleNotificationUrl", s.lifecycleNotificationUrl);
        return r;
    }
}
