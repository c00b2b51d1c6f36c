package com.workestra.email.connector.gmail.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A loopback HTTP server answering every request with one canned response and remembering the last request. */
final class StubServer implements AutoCloseable {

    /** What the stub saw. */
    record Seen(String method, String path, Headers headers) {
    }

    private record Answer(int status, Map<String, String> headers, String body, long delayMs) {
    }

    private final HttpServer server;
    private final AtomicReference<Answer> answer =
            new AtomicReference<>(new Answer(200, Map.of(), "{}", 0));
    private final AtomicReference<Seen> seen = new AtomicReference<>();
    private final CountDownLatch released = new CountDownLatch(1);

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            seen.set(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders()));
            Answer a = answer.get();
            try {
                if (a.delayMs() > 0) {
                    // a hanging provider: answer only after the delay, or never once the test closes the stub
                    released.await(a.delayMs(), TimeUnit.MILLISECONDS);
                }
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
                a.headers().forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(a.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up (timeout test): nothing to answer
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:PORT} without a trailing slash. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(int status, Map<String, String> headers, String body) {
        answer.set(new Answer(status, headers, body, 0));
    }

    void answerLate(long delayMs) {
        answer.set(new Answer(200, Map.of(), "{}", delayMs));
    }

    Seen lastRequest() {
        return seen.get();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
