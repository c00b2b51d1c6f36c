package com.workestra.email.sandbox.resend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.resend.core.exception.ResendException;
import com.resend.services.emails.model.CreateEmailOptions;
import com.workestra.email.sandbox.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resend's per-key rate limit (2/s by default) under a burst, with its headers. */
class ResendRateLimitTest {

    private static final int BURST = 8;
    private SandboxHarness sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = new SandboxHarness(new ResendEmulator(true));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpRequest.Builder send(String key) {
        return HttpRequest.newBuilder(sandbox.base.resolve("/resend/emails"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"from\":\"a@workestra.example\",\"to\":\"b@example.com\",\"subject\":\"s\",\"text\":\"t\"}"));
    }

    @Test
    void aBurstGets429WithRatelimitHeadersAndEveryAnswerCarriesThem() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            burst.add(sandbox.http().sendAsync(send("re_burst").build(), HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        HttpResponse<String> limited = null;
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            HttpResponse<String> r = f.get();
            assertEquals("2", r.headers().firstValue("ratelimit-limit").orElse(null), "every answer has the limit");
            assertTrue(r.headers().firstValue("ratelimit-remaining").isPresent());
            assertTrue(r.headers().firstValue("ratelimit-reset").isPresent());
            if (r.statusCode() == 200) {
                ok++;
            } else {
                limited = r;
            }
        }
        assertTrue(ok >= 1 && ok <= BURST - 1, "some pass, some are limited: " + ok + " passed");
        assertNotNull(limited);
        assertEquals(429, limited.statusCode());
        JsonNode err = Http.JSON.readTree(limited.body());
        assertEquals(429, err.get("statusCode").asInt());
        assertEquals("rate_limit_exceeded", err.get("name").asText());
        assertEquals("0", limited.headers().firstValue("ratelimit-remaining").orElseThrow());
        long retryAfter = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
        assertEquals(1, retryAfter, "retry-after is what is left of the one-second window");
        assertEquals(ok, sandbox.control("GET", "/emails", null).body().size(), "limited requests store nothing");

        HttpResponse<String> otherKey = sandbox.raw(send("re_other_key"));
        assertEquals(200, otherKey.statusCode(), "the limit is per API key");
    }

    @Test
    void theSdkSeesRateLimitExceededAndTheLimitIsConfigurable() throws Exception {
        ResendSdkRedirect sdk = new ResendSdkRedirect(sandbox.base, "re_sdk_burst");
        CreateEmailOptions mail = CreateEmailOptions.builder().from("a@workestra.example").to("b@example.com")
                .subject("s").text("t").build();
        List<String> errorNames = burst(() -> {
            try {
                sdk.emails().send(mail);
                return "ok";
            } catch (ResendException e) {
                return e.getStatusCode() + " " + e.getErrorName();
            }
        });
        assertTrue(errorNames.contains("429 rate_limit_exceeded"), errorNames.toString());

        JsonNode settings = sandbox.control("PUT", "/settings", Map.of("rateLimitPerSecond", 1000)).body();
        assertEquals(1000, settings.get("rateLimitPerSecond").asInt());
        List<String> relaxed = burst(() -> {
            sdk.emails().send(mail);
            return "ok";
        });
        assertFalse(relaxed.contains("429 rate_limit_exceeded"), relaxed.toString());

        sandbox.emulator.setRateLimitPerSecond(1);
        sandbox.emulator.setLimitsEnabled(false);
        HttpResponse<String> off = sandbox.raw(send("re_off"));
        HttpResponse<String> off2 = sandbox.raw(send("re_off"));
        assertEquals(200, off.statusCode());
        assertEquals(200, off2.statusCode(), "limits switched off by the sandbox-wide setting");
    }

    @Test
    void limitsFollowALiveSandboxWideSwitch() throws Exception {
        AtomicBoolean quotas = new AtomicBoolean(false);
        try (SandboxHarness live = new SandboxHarness(new ResendEmulator(quotas::get))) {
            live.emulator.setRateLimitPerSecond(1);
            HttpRequest.Builder req = HttpRequest.newBuilder(live.base.resolve("/resend/domains"))
                    .header("Authorization", "Bearer re_live");
            HttpResponse<String> first = live.raw(req);
            assertEquals(200, first.statusCode());
            assertTrue(first.headers().firstValue("ratelimit-limit").isEmpty(), "no limit headers while off");
            assertEquals(200, live.raw(req).statusCode());

            quotas.set(true);
            assertEquals(200, live.raw(req).statusCode());
            HttpResponse<String> limited = live.raw(req);
            assertEquals(429, limited.statusCode(), "switched on without touching the emulator");
            assertEquals("1", limited.headers().firstValue("ratelimit-limit").orElseThrow());
        }
    }

    private static List<String> burst(Callable<String> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                calls.add(call);
            }
            List<String> out = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
