package com.workestra.email.connector.outlook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.sun.net.httpserver.HttpServer;
import com.workestra.email.spi.ProviderAccount;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guards the one place that redirects the Graph SDK: if an SDK upgrade ignores {@code setBaseUrl}, requests go to
 * graph.microsoft.com and this test fails loudly instead of the sandbox quietly being bypassed.
 */
class GraphBaseUrlRedirectTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " auth="
                    + ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"id\":\"8f3c6a9e-0000-4000-8000-000000000001\",\"displayName\":\"Recorder\","
                    + "\"mail\":null,\"userPrincipalName\":\"recorder@contoso.example\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void requestsGoToTheConfiguredBaseUrlWithTheToken() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/custom/root/v1.0";
        try (GraphClients clients = new GraphClients(base + "/")) {
            ProviderAccount me = new GetMe(clients.forToken("token-123"), new GraphErrors(Clock.systemUTC()))
                    .execute();

            assertEquals(List.of("GET /custom/root/v1.0/me auth=Bearer token-123"), seen,
                    "the Graph SDK no longer honours requestAdapter.setBaseUrl: fix GraphClients");
            assertEquals("8f3c6a9e-0000-4000-8000-000000000001", me.accountId());
            assertEquals("recorder@contoso.example", me.address(), "userPrincipalName when mail is null");
            assertEquals("Recorder", me.displayName());
        }
    }

    @Test
    void theTokenIsOnlySentToTheConfiguredHost() throws Exception {
        String configured = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0";
        try (GraphClients clients = new GraphClients(configured)) {
            GraphServiceClient graph = clients.forToken("token-456");
            // the same server under another host name, as a stray absolute link (nextLink, redirect) would be
            graph.getRequestAdapter().setBaseUrl("http://localhost:" + server.getAddress().getPort() + "/v1.0");
            new GetMe(graph, new GraphErrors(Clock.systemUTC())).execute();

            assertEquals(List.of("GET /v1.0/me auth=null"), seen, "the token must not leave the configured host");
        }
    }
}
