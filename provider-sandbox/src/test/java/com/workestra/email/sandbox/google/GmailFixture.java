package com.workestra.email.sandbox.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.gmail.Gmail;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.Provider;
import com.workestra.email.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** One sandbox per test class, a control-API client and real Gmail clients pointed at the sandbox. */
final class GmailFixture implements AutoCloseable {

    static final NetHttpTransport TRANSPORT = new NetHttpTransport();
    static final GsonFactory JSON = GsonFactory.getDefaultInstance();

    final SandboxServer sandbox;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    GmailFixture() throws Exception {
        sandbox = SandboxServer.start(0);
    }

    String base() {
        return sandbox.baseUrl();
    }

    /** The Gmail client as a connector builds it: only the root URL differs from production. */
    Gmail gmail(String accessToken) {
        HttpRequestInitializer init = req -> req.getHeaders().setAuthorization("Bearer " + accessToken);
        return new Gmail.Builder(TRANSPORT, JSON, init).setRootUrl(base() + "/google/")
                .setApplicationName("workestra-sandbox-test").build();
    }

    /** Creates a Gmail account and returns a client with a fresh token for it (quotas as configured). */
    Gmail account(String address, int messages, long seed) throws Exception {
        JsonNode r = control("POST", "/_sandbox/accounts", Map.of("provider", "gmail", "address", address,
                "messages", messages, "seed", seed));
        if (!r.has("address")) {
            throw new IllegalStateException("account not created: " + r);
        }
        return gmail(token(address));
    }

    String token(String address) {
        return sandbox.tokens().issue(Provider.GMAIL, address, "test-client",
                "https://mail.google.com/", true).accessToken();
    }

    JsonNode control(String method, String path, Object body) throws Exception {
        HttpResponse<String> r = raw(method, path, body);
        return r.body().isEmpty() ? Http.JSON.createObjectNode() : Http.JSON.readTree(r.body());
    }

    HttpResponse<String> raw(String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Http.JSON.writeValueAsBytes(body));
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).method(method, pub)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET that never follows redirects. */
    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    void quotas(boolean on) throws Exception {
        control("PUT", "/_sandbox/settings", Map.of("quotas", on));
    }

    void reset() throws Exception {
        control("POST", "/_sandbox/reset", Map.of());
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
