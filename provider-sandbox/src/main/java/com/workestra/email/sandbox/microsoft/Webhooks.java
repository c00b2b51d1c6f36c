package com.workestra.email.sandbox.microsoft;

import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound calls to the subscriber's webhook: the validation handshake (synchronous, 10 s limit) and notification
 * deliveries (asynchronous, retried with backoff on non-2xx or connection failure).
 */
final class Webhooks {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(10);
    private static final long[] RETRY_DELAYS_MS = {500, 2000, 5000};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "sandbox-graph-webhooks");
        t.setDaemon(true);
        return t;
    });
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    /** Outcome of a validation handshake: null when accepted, else the reason. */
    String validate(String url, String token) {
        String sep = url.contains("?") ? "&" : "?";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + sep + "validationToken="
                + URLEncoder.encode(token, StandardCharsets.UTF_8).replace("+", "%20")))
                .timeout(VALIDATION_TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                return "Subscription validation request failed. Notification endpoint must respond with 200 OK to"
                        + " validation request.";
            }
            if (!r.body().equals(token)) {
                return "Subscription validation request failed. Response must exactly match validationToken query"
                        + " parameter.";
            }
            return null;
        } catch (java.net.http.HttpTimeoutException e) {
            return "Subscription validation request failed. Notification endpoint must respond with 200 OK to"
                    + " validation request within 10 seconds.";
        } catch (IOException | IllegalArgumentException e) {
            return "Subscription validation request failed. Notification endpoint is not reachable.";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Subscription validation request was interrupted.";
        }
    }

    /** Posts a notification collection ({@code {"value":[...]}}) asynchronously, retrying on failure. */
    void deliver(String url, Object payload) {
        byte[] body;
        try {
            body = Http.JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            executor.execute(() -> attempt(url, body, 0));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            failed.incrementAndGet(); // closing: nothing is delivered any more
        }
    }

    private void attempt(String url, byte[] body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        boolean ok;
        try {
            ok = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException | IllegalArgumentException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (ok) {
            delivered.incrementAndGet();
        } else if (attempt < RETRY_DELAYS_MS.length && !executor.isShutdown()) {
            LOG.debug("graph notification to {} refused, retry {}", URI.create(url).getAuthority(), attempt + 1);
            try {
                executor.schedule(() -> attempt(url, body, attempt + 1), RETRY_DELAYS_MS[attempt],
                        TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                failed.incrementAndGet();
            }
        } else {
            failed.incrementAndGet();
            LOG.warn("graph notification to {} dropped after {} attempts", URI.create(url).getAuthority(),
                    attempt + 1);
        }
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
