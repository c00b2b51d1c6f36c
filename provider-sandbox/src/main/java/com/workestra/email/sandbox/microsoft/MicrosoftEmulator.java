package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.workestra.email.sandbox.Emulator;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.SandboxServer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Microsoft identity platform v2.0 ({@code /microsoft/}) and Microsoft Graph v1.0 ({@code /graph/v1.0/})
 * emulator, with the {@code /_sandbox/subscriptions} control area. See GRAPH-WIRE.md for the wire contract.
 */
public final class MicrosoftEmulator implements Emulator, AutoCloseable {

    private final IdentityEndpoints identity;
    private final GraphApi graph;
    private final GraphMail mail;
    private final GraphSubscriptions subscriptions;
    private final GraphThrottle throttle = new GraphThrottle();
    private final Webhooks webhooks = new Webhooks();

    /** Builds the emulator on the sandbox's shared mail model, token store, settings and stats. */
    public static MicrosoftEmulator create(SandboxServer server) {
        CoreBackend core = new CoreBackend(server);
        return new MicrosoftEmulator(core, core);
    }

    MicrosoftEmulator(MailBackend backend, IdentityBackend tokens) {
        this.identity = new IdentityEndpoints(backend, tokens);
        this.mail = new GraphMail(backend);
        this.subscriptions = new GraphSubscriptions(backend, webhooks);
        this.graph = new GraphApi(backend, mail, subscriptions, throttle);
        backend.onChange(subscriptions::changed);
    }

    @Override
    public List<String> prefixes() {
        return List.of("/microsoft/", "/graph/");
    }

    @Override
    public String controlName() {
        return "subscriptions";
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.startsWith("/microsoft/")) {
            identity.handle(ex, path);
            return;
        }
        String root = "/graph/v1.0";
        if (!path.equals(root) && !path.startsWith(root + "/")) {
            write(ex, GraphResponse.error(400, "BadRequest", "Invalid version: only v1.0 is emulated."));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        GraphRequest req = new GraphRequest(ex.getRequestMethod(), path.substring(root.length()), Http.query(ex),
                headers, Http.body(ex), baseUrl(ex));
        GraphResponse res;
        try {
            res = graph.serve(req);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            res = GraphResponse.error(400, "BadRequest", "Unable to read JSON request payload.");
        }
        write(ex, res);
    }

    /** The base URL the client used (scheme, host and port), so links point back to where it connected. */
    static String baseUrl(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            host = ex.getLocalAddress().getHostString() + ":" + ex.getLocalAddress().getPort();
        }
        return "http://" + host;
    }

    private static void write(HttpExchange ex, GraphResponse res) throws IOException {
        res.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("request-id", java.util.UUID.randomUUID().toString());
        String clientRequestId = ex.getRequestHeaders().getFirst("client-request-id");
        if (clientRequestId != null) {
            ex.getResponseHeaders().set("client-request-id", clientRequestId);
        }
        if (res.contentType != null) {
            ex.getResponseHeaders().set("Content-Type", res.contentType);
        }
        boolean empty = res.body.length == 0 || res.status == 204 || ex.getRequestMethod().equalsIgnoreCase("HEAD");
        ex.sendResponseHeaders(res.status, empty ? -1 : res.body.length);
        if (!empty) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(res.body);
            }
        }
        ex.close();
    }

    @Override
    public boolean handleControl(HttpExchange ex, String rest) throws IOException {
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String[] seg = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
        if (seg.length == 0 && method.equals("GET")) {
            List<Object> out = new ArrayList<>();
            subscriptions.active().forEach(s -> out.add(GraphSubscriptions.control(s)));
            Http.sendJson(ex, 200, out);
            return true;
        }
        if (seg.length == 1 && method.equals("DELETE")) {
            boolean dropped = subscriptions.drop(seg[0]);
            Http.sendJson(ex, dropped ? 200 : 404, dropped ? Map.of("id", seg[0], "dropped", true)
                    : Map.of("error", "unknown subscription"));
            return true;
        }
        if (seg.length == 2 && seg[1].equals("lifecycle") && method.equals("POST")) {
            JsonNode body = Http.json(ex);
            String event = body.path("event").asText(body.path("lifecycleEvent").asText(""));
            String failure = subscriptions.lifecycle(seg[0], event);
            if (failure == null) {
                Http.sendJson(ex, 202, Map.of("id", seg[0], "event", event));
            } else {
                Http.sendJson(ex, failure.startsWith("unknown") ? 404 : 400, Map.of("error", failure));
            }
            return true;
        }
        return false;
    }

    /** Stops the webhook sender. */
    @Override
    public void close() {
        webhooks.shutdown();
    }

    @Override
    public void reset() {
        subscriptions.reset();
        mail.reset();
        throttle.reset();
    }
}
