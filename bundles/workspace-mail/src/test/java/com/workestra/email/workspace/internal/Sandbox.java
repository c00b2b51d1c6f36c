package com.workestra.email.workspace.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.workestra.email.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The provider sandbox on a free port and its control API. */
final class Sandbox implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final SandboxServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    Sandbox() throws IOException {
        server = SandboxServer.start(0);
    }

    String resendUrl() {
        return server.baseUrl() + "/resend";
    }

    /** Calls the control API and returns the parsed answer (status must be 2xx). */
    JsonNode control(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
