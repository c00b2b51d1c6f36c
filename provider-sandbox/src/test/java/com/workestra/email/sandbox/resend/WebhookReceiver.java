package com.workestra.email.sandbox.resend;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A local endpoint standing in for our webhook: records every POST and answers a chosen status. */
final class WebhookReceiver implements AutoCloseable {

    /** One received webhook call: headers with lower-case names and the exact body. */
    record Call(Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private volatile int status = 200;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            try (InputStream in = ex.getRequestBody()) {
                calls.add(new Call(headers, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(int statusCode) {
        this.status = statusCode;
    }

    /** Waits up to {@code timeout} for the next call; fails when none arrives. */
    Call next(Duration timeout) throws InterruptedException {
        Call c = calls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no webhook call within " + timeout);
        }
        return c;
    }

    /** The next call if one is already queued. */
    Call poll() {
        return calls.poll();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
