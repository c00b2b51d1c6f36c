package com.workestra.email.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.workestra.email.sandbox.google.GoogleEmulator;
import com.workestra.email.sandbox.mail.MailStore;
import com.workestra.email.sandbox.oauth.TokenStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider sandbox: one loopback HTTP server routing {@code /_sandbox/...} to the control API and every other
 * path to the {@link Emulator} whose prefix matches, after fault injection and request counting. Holds the state
 * shared by all emulators: {@link #mail()}, {@link #tokens()}, {@link #settings()}, {@link #stats()},
 * {@link #faults()}.
 */
public final class SandboxServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
    /** Worker threads: enough for concurrent tests and emulators that call out during a request. */
    static final int THREADS = 48;

    private final Clock clock = Clock.systemUTC();
    private final Settings settings = new Settings();
    private final Stats stats = new Stats();
    private final Faults faults = new Faults();
    private final MailStore mail = new MailStore(settings, clock);
    private final TokenStore tokens = new TokenStore(settings, clock);
    private final HttpServer server;
    private final ExecutorService pool;
    private final String baseUrl;
    private final List<Emulator> emulators;
    private final ControlApi control;

    private SandboxServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        emulators = List.copyOf(createEmulators());
        control = new ControlApi(this);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "sandbox-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        server.setExecutor(pool);
        server.createContext("/", this::route);
    }

    /** The emulators mounted on this server. */
    private List<Emulator> createEmulators() {
        List<Emulator> list = new ArrayList<>();
        // emulators: one line each
        list.add(new GoogleEmulator(this));
        list.add(new com.workestra.email.sandbox.resend.ResendEmulator(this));
        list.add(com.workestra.email.sandbox.microsoft.MicrosoftEmulator.create(this));
        return list;
    }

    /** Starts a sandbox on 127.0.0.1:{@code port} (0 = a free port). */
    public static SandboxServer start(int port) throws IOException {
        SandboxServer s = new SandboxServer(port);
        s.server.start();
        LOG.info("sandbox listening on {}", s.baseUrl);
        return s;
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The shared mailbox model (Gmail and Outlook accounts). */
    public MailStore mail() {
        return mail;
    }

    /** The shared OAuth token store. */
    public TokenStore tokens() {
        return tokens;
    }

    /** Runtime switches (quotas, token lifetime, history retention). */
    public Settings settings() {
        return settings;
    }

    /** Request and quota counters. */
    public Stats stats() {
        return stats;
    }

    public Faults faults() {
        return faults;
    }

    public Clock clock() {
        return clock;
    }

    List<Emulator> emulators() {
        return emulators;
    }

    /** Empties everything: mailboxes, tokens, faults, stats, settings, and every emulator's own state. */
    public void reset() {
        faults.clear();
        stats.reset();
        settings.reset();
        tokens.reset();
        mail.reset();
        emulators.forEach(Emulator::reset);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        for (Emulator e : emulators) {
            if (e instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ex) {
                    LOG.warn("emulator close failed: {}", ex.toString());
                }
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try {
            if (path.equals("/_sandbox") || path.startsWith("/_sandbox/")) {
                control.handle(ex, path.substring("/_sandbox".length()));
                return;
            }
            Emulator target = null;
            for (Emulator e : emulators) {
                for (String prefix : e.prefixes()) {
                    if (path.startsWith(prefix)) {
                        target = e;
                    }
                }
                if (target != null) {
                    break;
                }
            }
            Provider provider = Provider.forPath(path);
            if (provider != null) {
                stats.request(provider.id());
                if (injectFault(ex, provider, path)) {
                    return;
                }
            }
            if (target == null) {
                Http.sendJson(ex, 404, Map.of("error", "no emulator serves " + path));
                return;
            }
            target.handle(ex);
        } catch (RuntimeException | IOException e) {
            LOG.warn("request {} {} failed: {}", ex.getRequestMethod(), path, e.toString(), e);
            try {
                Http.sendJson(ex, 500, Map.of("error", "sandbox failure: " + e.getClass().getSimpleName()));
            } catch (IOException | RuntimeException ignored) {
                ex.close();
            }
        }
    }

    /** Applies the first live fault rule matching this request; true when it answered. */
    private boolean injectFault(HttpExchange ex, Provider provider, String path) throws IOException {
        Faults.Rule rule = faults.claim(provider, path);
        if (rule == null) {
            return false;
        }
        if (rule.delayMs() > 0) {
            try {
                Thread.sleep(rule.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.close();
                return true;
            }
        }
        if (rule.status() == 0) {
            return false;
        }
        Http.body(ex);
        if (rule.retryAfter() != null) {
            ex.getResponseHeaders().set("Retry-After", String.valueOf(rule.retryAfter()));
        }
        if (rule.body() == null) {
            Http.sendJson(ex, rule.status(), Faults.defaultBody(provider, path, rule.status()));
        } else if (rule.body().isTextual()) {
            String text = rule.body().asText();
            String t = text.stripLeading();
            String type = t.startsWith("{") || t.startsWith("[") ? "application/json; charset=UTF-8"
                    : "text/plain; charset=UTF-8";
            Http.send(ex, rule.status(), type, text.getBytes(StandardCharsets.UTF_8));
        } else {
            Http.sendJson(ex, rule.status(), rule.body());
        }
        return true;
    }
}
