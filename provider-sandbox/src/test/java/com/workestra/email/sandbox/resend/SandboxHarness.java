package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Mounts one {@link ResendEmulator} on a loopback JDK server the way the sandbox server does, for tests. */
final class SandboxHarness implements AutoCloseable {

    final ResendEmulator emulator;
    final URI base;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final HttpClient http = HttpClient.newHttpClient();

    SandboxHarness(ResendEmulator emulator) throws IOException {
        this.emulator = emulator;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String control = "/_sandbox/" + emulator.controlName();
            if (path.startsWith(control)) {
                if (!emulator.handleControl(ex, path.substring(control.length()))) {
                    Http.sendText(ex, 404, "no such control path");
                }
            } else if (path.startsWith(ResendEmulator.PREFIX)) {
                emulator.handle(ex);
            } else {
                Http.sendText(ex, 404, "not mounted");
            }
        });
        server.setExecutor(pool);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Calls the control API and returns status and parsed body. */
    Answer control(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(Http.JSON.writeValueAsBytes(body));
            HttpRequest req = HttpRequest.newBuilder(base.resolve("/_sandbox/resend" + path))
                    .method(method, pub).header("Content-Type", "application/json").build();
            return send(req);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a raw request to the emulated API. */
    HttpResponse<String> raw(HttpRequest.Builder req) {
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }

    private Answer send(HttpRequest req) throws IOException {
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : Http.JSON.readTree(r.body()));
    }

    /** A control API answer. */
    record Answer(int status, JsonNode body) {
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        emulator.close();
    }
}
