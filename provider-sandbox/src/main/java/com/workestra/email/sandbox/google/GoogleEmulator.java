package com.workestra.email.sandbox.google;

import com.sun.net.httpserver.HttpExchange;
import com.workestra.email.sandbox.Emulator;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.SandboxServer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google OAuth 2.0 and the Gmail API v1 under {@code /google/}: the client's root URL is
 * {@code <sandbox>/google/}, so {@code /google/gmail/v1/...}, {@code /google/batch/gmail/v1},
 * {@code /google/token}; media uploads arrive at the host root ({@code /upload/gmail/v1/...}, where the client
 * puts them) and are also accepted under {@code /google/upload/...}. See GMAIL-WIRE.md.
 */
public final class GoogleEmulator implements Emulator {

    private final SandboxServer server;
    private final GoogleOAuth oauth;
    private final GmailApi api;
    private final GmailBatch batch;

    public GoogleEmulator(SandboxServer server) {
        this.server = server;
        this.oauth = new GoogleOAuth(server);
        this.api = new GmailApi(server);
        this.batch = new GmailBatch(api);
    }

    @Override
    public List<String> prefixes() {
        return List.of("/google/", "/upload/gmail/");
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String full = ex.getRequestURI().getPath();
        String mount = full.startsWith("/google/") ? "/google" : "";
        String path = full.substring(mount.length());
        switch (path) {
            case "/o/oauth2/v2/auth", "/o/oauth2/auth" -> oauth.authorize(ex);
            case "/token", "/oauth2/v4/token" -> oauth.token(ex);
            case "/revoke", "/o/oauth2/revoke" -> oauth.revoke(ex);
            default -> write(ex, serveApi(ex, path, mount));
        }
    }

    private ApiResponse serveApi(HttpExchange ex, String path, String mount) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        ApiRequest req = ApiRequest.of(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), headers,
                Http.body(ex));
        if (path.equals("/batch") || path.startsWith("/batch/")) {
            if (!req.method().equals("POST")) {
                return GoogleErrors.notFound();
            }
            server.stats().count("gmail", "batch");
            return batch.handle(req);
        }
        if (path.startsWith("/upload/")) {
            return api.serveUpload(req, server.baseUrl() + mount);
        }
        return api.serve(req);
    }

    private static void write(HttpExchange ex, ApiResponse r) throws IOException {
        r.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (r.contentType != null) {
            ex.getResponseHeaders().set("Content-Type", r.contentType);
        }
        boolean empty = r.body.length == 0 || r.status == 204 || r.status == 304;
        ex.sendResponseHeaders(r.status, empty ? -1 : r.body.length);
        if (!empty) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body);
            }
        }
        ex.close();
    }

    @Override
    public void reset() {
        api.reset();
    }
}
