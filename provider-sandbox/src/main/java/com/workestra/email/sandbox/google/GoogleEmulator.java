package com.workestra.email.sandbox.google;

import com.sun.net.httpserver.HttpExchange;
import com.workestra.email.sandbox.Emulator;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.SandboxServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Google OAuth 2.0 and the Gmail API v1 under {@code /google/}. */
public final class GoogleEmulator implements Emulator {

    private final SandboxServer server;

    public GoogleEmulator(SandboxServer server) {
        this.server = server;
    }

    @Override
    public List<String> prefixes() {
        return List.of("/google/");
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Http.sendJson(ex, 501, Map.of("error", "not yet: " + server.baseUrl()));
    }

    @Override
    public void reset() {
    }
}
