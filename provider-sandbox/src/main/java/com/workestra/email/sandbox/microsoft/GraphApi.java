package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Graph v1.0 front door shared by the wire and {@code $batch}: bearer authentication, mailbox resolution and
 * delegate checks, throttling, statistics, then dispatch to mail or subscriptions.
 */
final class GraphApi {

    static final int MAX_BATCH = 20;
    private static final Pattern KEY_SEGMENT = Pattern.compile("([A-Za-z]+)\\('([^']*)'\\)");

    private final MailBackend backend;
    private final GraphMail mail;
    private final GraphSubscriptions subscriptions;
    private final GraphThrottle throttle;

    GraphApi(MailBackend backend, GraphMail mail, GraphSubscriptions subscriptions, GraphThrottle throttle) {
        this.backend = backend;
        this.mail = mail;
        this.subscriptions = subscriptions;
        this.throttle = throttle;
    }

    /** Finds an outlook account by address/UPN or by its Graph user id. */
    static MailBackend.Account findAccount(MailBackend backend, String key) {
        MailBackend.Account a = backend.account(key);
        if (a != null) {
            return a;
        }
        for (MailBackend.Account x : backend.accounts()) {
            if (GraphIds.userId(x.address()).equalsIgnoreCase(key)) {
                return x;
            }
        }
        return null;
    }

    /** Splits a Graph path into segments: {@code mailFolders('inbox')} becomes two, {@code delta()} one. */
    static List<String> segments(String path) {
        String p = KEY_SEGMENT.matcher(path).replaceAll("$1/$2").replace("delta()", "delta");
        List<String> out = new ArrayList<>();
        for (String s : p.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    GraphResponse serve(GraphRequest req) throws IOException {
        List<String> seg = segments(req.path());
        String auth = req.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
            return GraphResponse.error(401, "InvalidAuthenticationToken", "Access token is empty.")
                    .header("WWW-Authenticate", "Bearer realm=\"\", authorization_uri="
                            + "\"https://login.microsoftonline.com/common/oauth2/authorize\"");
        }
        MailBackend.TokenOwner caller = backend.accessToken(auth.substring(7).trim());
        if (caller == null) {
            return GraphResponse.error(401, "InvalidAuthenticationToken", "Access token validation failure."
                    + " Lifetime validation failed, the token is expired or revoked.");
        }
        if (seg.size() == 1 && seg.get(0).equals("$batch") && req.method().equals("POST")) {
            backend.count("POST", "batch");
            return batch(req);
        }
        if (seg.isEmpty()) {
            return GraphMail.unknown(req);
        }
        String head = seg.get(0).toLowerCase(Locale.ROOT);
        MailBackend.Account target;
        String prefix;
        List<String> rest;
        if (head.equals("me")) {
            target = backend.account(caller.address());
            prefix = "me";
            rest = seg.subList(1, seg.size());
        } else if (head.equals("users") && seg.size() >= 2) {
            target = findAccount(backend, seg.get(1));
            prefix = "users/" + seg.get(1);
            rest = seg.subList(2, seg.size());
            if (target == null) {
                return rest.isEmpty()
                        ? GraphResponse.error(404, "Request_ResourceNotFound", "Resource '" + seg.get(1)
                                + "' does not exist or one of its queried reference-property objects are not present.")
                        : GraphResponse.error(404, "ErrorInvalidUser", "The requested user '" + seg.get(1)
                                + "' is invalid.");
            }
            if (!allowed(caller, target)) {
                return GraphResponse.error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try"
                        + " again.");
            }
        } else if (head.equals("subscriptions")) {
            String box = subscriptions.targetMailbox(req, caller);
            backend.count(req.method(), "subscriptions." + verb(req.method()));
            return throttled(caller, box == null ? caller.address() : box,
                    () -> subscriptions.handle(req, caller, seg.subList(1, seg.size())));
        } else {
            return GraphMail.unknown(req);
        }
        if (target == null) {
            return GraphResponse.error(404, "ErrorInvalidUser", "The requested user is invalid.");
        }
        backend.count(req.method(), operation(req.method(), rest));
        MailBackend.Account t = target;
        return throttled(caller, target.address(), () -> mail.handle(req, t, prefix, rest));
    }

    private interface Call {
        GraphResponse run() throws IOException;
    }

    private GraphResponse throttled(MailBackend.TokenOwner caller, String mailbox, Call call) throws IOException {
        if (!backend.quotasEnabled()) {
            return call.run();
        }
        Object slot = throttle.acquire(caller.clientId(), mailbox);
        if (slot instanceof GraphResponse refused) {
            backend.count("THROTTLED", Stats.THROTTLED);
            return refused;
        }
        backend.spent(mailbox);
        try {
            return call.run();
        } finally {
            ((GraphThrottle.Slot) slot).close();
        }
    }

    static boolean allowed(MailBackend.TokenOwner caller, MailBackend.Account target) {
        if (target.address().equalsIgnoreCase(caller.address())) {
            return true;
        }
        return target.sharedWith() != null
                && target.sharedWith().stream().anyMatch(x -> x.equalsIgnoreCase(caller.address()));
    }

    private static String verb(String method) {
        return switch (method) {
            case "PATCH" -> "update";
            case "POST" -> "create";
            case "DELETE" -> "delete";
            default -> "get";
        };
    }

    /** The operation name counted in the statistics, e.g. messages.delta, messages.update, sendMail. */
    static String operation(String method, List<String> rest) {
        String verb = verb(method);
        if (rest.isEmpty()) {
            return "user." + verb;
        }
        String last = rest.get(rest.size() - 1);
        if (rest.get(0).equalsIgnoreCase("sendMail")) {
            return "sendMail";
        }
        if (last.equalsIgnoreCase("delta")) {
            return "messages.delta";
        }
        if (last.equals("$value")) {
            return rest.stream().anyMatch(x -> x.equalsIgnoreCase("attachments")) ? "attachments.value"
                    : "messages.value";
        }
        if (rest.stream().anyMatch(x -> x.equalsIgnoreCase("attachments"))) {
            return last.equalsIgnoreCase("attachments") ? "attachments.list" : "attachments.get";
        }
        if (last.equalsIgnoreCase("messages")) {
            return "messages.list";
        }
        if (rest.stream().anyMatch(x -> x.equalsIgnoreCase("messages"))) {
            return "messages." + verb;
        }
        return "mailFolders." + verb;
    }

    // ---- $batch ----

    private GraphResponse batch(GraphRequest outer) throws IOException {
        JsonNode body;
        try {
            body = outer.json();
        } catch (IOException e) {
            return GraphResponse.error(400, "BadRequest", "Unable to read JSON request payload.");
        }
        JsonNode requests = body.path("requests");
        if (!requests.isArray() || requests.isEmpty()) {
            return GraphResponse.error(400, "BadRequest", "Invalid batch payload format.");
        }
        if (requests.size() > MAX_BATCH) {
            return GraphResponse.error(400, "BadRequest", "Number of batch request steps exceeds the maximum of "
                    + MAX_BATCH + ".");
        }
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode r : requests) {
            String id = r.path("id").asText("");
            if (id.isEmpty() || byId.put(id, r) != null) {
                return GraphResponse.error(400, "BadRequest", "Batch request ids must be present and unique.");
            }
            for (JsonNode dep : r.path("dependsOn")) {
                if (!byId.containsKey(dep.asText()) || dep.asText().equals(id)) {
                    return GraphResponse.error(400, "BadRequest", "Invalid dependsOn: '" + dep.asText()
                            + "' must name an earlier request of the batch.");
                }
            }
        }
        Map<String, Integer> statuses = new HashMap<>();
        List<Object> responses = new ArrayList<>();
        for (JsonNode r : requests) {
            String id = r.get("id").asText();
            boolean failedDependency = false;
            for (JsonNode dep : r.path("dependsOn")) {
                int st = statuses.getOrDefault(dep.asText(), 424);
                failedDependency |= st < 200 || st >= 300;
            }
            GraphResponse res = failedDependency
                    ? GraphResponse.error(424, "FailedDependency", "Request failed because of a failed dependency.")
                    : serve(step(outer, r));
            statuses.put(id, res.status);
            responses.add(embed(id, res));
        }
        return GraphResponse.json(200, Map.of("responses", responses));
    }

    private static GraphRequest step(GraphRequest outer, JsonNode r) throws IOException {
        String url = r.path("url").asText("");
        int v = url.indexOf("v1.0/");
        if (!url.startsWith("/")) {
            // graph-core strips the first five characters of the path ("/v1.0"); below a prefix that leaves a stub.
            url = v >= 0 ? url.substring(v + 4) : "/" + url;
        } else if (url.startsWith("/v1.0/")) {
            url = url.substring(5);
        }
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        Map<String, String> query = Http.form(q < 0 ? null : url.substring(q + 1));
        Map<String, String> headers = new HashMap<>();
        r.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        if (outer.header("Authorization") != null) {
            headers.put("Authorization", outer.header("Authorization"));
        }
        byte[] body = null;
        JsonNode b = r.get("body");
        if (b != null && !b.isNull()) {
            body = b.isTextual() ? b.asText().getBytes(StandardCharsets.UTF_8) : Http.JSON.writeValueAsBytes(b);
        }
        return new GraphRequest(r.path("method").asText("GET"), java.net.URLDecoder.decode(path.replace("+", "%2B"),
                StandardCharsets.UTF_8), query, headers, body, outer.baseUrl());
    }

    private static Map<String, Object> embed(String id, GraphResponse res) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("status", res.status);
        Map<String, String> headers = new LinkedHashMap<>(res.headers);
        if (res.contentType != null) {
            headers.put("Content-Type", res.contentType);
        }
        r.put("headers", headers);
        if (res.body.length > 0) {
            if (res.json != null) {
                r.put("body", res.json);
            } else if (res.contentType != null && res.contentType.startsWith("application/json")) {
                r.put("body", Http.JSON.readTree(res.body));
            } else {
                // Graph base64-encodes non-JSON bodies inside a JSON batch response.
                r.put("body", Base64.getEncoder().encodeToString(res.body));
            }
        }
        return r;
    }
}
