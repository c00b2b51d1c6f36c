package com.workestra.email.sandbox.resend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.resend.core.exception.ResendException;
import com.resend.services.emails.model.CreateEmailOptions;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Resend emulator as mounted by the real {@link SandboxServer}: routing, settings, faults, stats, reset. */
class ResendSandboxServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private SandboxServer server;
    private ResendSdkRedirect sdk;

    @BeforeEach
    void start() throws Exception {
        server = SandboxServer.start(0);
        sdk = new ResendSdkRedirect(URI.create(server.baseUrl()), "re_server_test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Http.JSON.writeValueAsBytes(body)));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CreateEmailOptions mail(String subject) {
        return CreateEmailOptions.builder().from("a@workestra.example").to("b@example.com").subject(subject)
                .text("t").build();
    }

    @Test
    void sdkSendsThroughTheServerAndTheControlApiSeesIt() throws Exception {
        String id = sdk.emails().send(mail("via server")).getId();
        JsonNode emails = Http.JSON.readTree(call("GET", "/_sandbox/resend/emails", null).body());
        assertEquals(1, emails.size());
        assertEquals(id, emails.get(0).get("id").asText());
        assertEquals(1, server.stats().calls("resend", "emails.send"));
        assertTrue(server.stats().requests("resend") >= 1);

        assertEquals(200, call("POST", "/_sandbox/reset", null).statusCode());
        assertEquals(0, Http.JSON.readTree(call("GET", "/_sandbox/resend/emails", null).body()).size(),
                "the server-wide reset reaches the emulator");
    }

    @Test
    void theSandboxWideQuotasSwitchTurnsTheRateLimitOff() throws Exception {
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/resend/domains"))
                .header("Authorization", "Bearer re_quota");
        boolean limited = false;
        for (int i = 0; i < 6 && !limited; i++) {
            limited = HTTP.send(get.build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 429;
        }
        assertTrue(limited, "limits are on by default");

        assertEquals(200, call("PUT", "/_sandbox/settings", Map.of("quotas", false)).statusCode());
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = HTTP.send(get.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "quotas off: no rate limit");
            assertTrue(r.headers().firstValue("ratelimit-limit").isEmpty());
        }
    }

    @Test
    void injectedFaultsReachTheSdkInResendsErrorShape() throws Exception {
        int injected = call("POST", "/_sandbox/faults",
                Map.of("provider", "resend", "pathPattern", "/resend/emails", "status", 500, "times", 1))
                .statusCode();
        assertEquals(2, injected / 100, "fault accepted: " + injected);
        ResendException e = assertThrows(ResendException.class, () -> sdk.emails().send(mail("faulted")));
        assertEquals(500, e.getStatusCode());
        assertTrue(e.getErrorName() != null && !e.getErrorName().isEmpty(), "Resend-shaped error: " + e);
        assertEquals(0, Http.JSON.readTree(call("GET", "/_sandbox/resend/emails", null).body()).size(),
                "nothing stored for the faulted request");
        sdk.emails().send(mail("after the fault"));
        assertEquals(1, Http.JSON.readTree(call("GET", "/_sandbox/resend/emails", null).body()).size());
    }
}
