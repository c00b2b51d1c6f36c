package com.workestra.email.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SandboxMainTest {

    @Test
    void portFromArgumentsThenEnvironmentThenDefault() {
        assertEquals(9001, SandboxMain.port(new String[] {"--port", "9001"}, "9002"));
        assertEquals(9003, SandboxMain.port(new String[] {"--port=9003"}, null));
        assertEquals(9002, SandboxMain.port(new String[0], "9002"));
        assertEquals(8089, SandboxMain.port(new String[0], null));
    }

    @Test
    void bindsLoopbackOnAFreePortAndServesConcurrentRequests() throws Exception {
        try (SandboxServer s = SandboxServer.start(0)) {
            assertTrue(s.port() > 0);
            assertEquals("http://127.0.0.1:" + s.port(), s.baseUrl());
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String body = "{\"provider\":\"gmail\",\"address\":\"u" + i + "@example.test\",\"messages\":200}";
                calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/_sandbox/accounts"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                assertEquals(201, c.get().statusCode(), c.get().body());
            }
            assertEquals(40, s.mail().mailboxes(Provider.GMAIL).size());
        }
    }
}
