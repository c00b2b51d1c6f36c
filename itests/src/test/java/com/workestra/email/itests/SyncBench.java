package com.workestra.email.itests;

import com.workestra.email.sandbox.SandboxServer;
import com.workestra.email.sandbox.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Backfill benchmark through the running product (not a test): the assembled distribution on PostgreSQL, the
 * sandbox in-process, a mailbox per provider (a year of mail) connected through the real OAuth redirect chain and
 * backfilled with range {@code all} right after the callback, timed until the connection's counts equal the
 * provider's. Prints, per run, the time, the messages per second,
 * the quota the provider saw, how close the run came to the emulated quota ceiling (the shortest time the
 * provider's limit allows for that spend, divided by the time taken) and the peak heap of the Karaf JVM.
 *
 * <p>{@code bench/run.sh sync quota 20000} — quota emulation on, one mailbox per provider;
 * {@code bench/run.sh sync ingest 5000 10000 20000} — quotas and pacing off, Gmail mailboxes of growing size
 * (end-to-end ingest rate and the heap as the mailbox grows).
 */
public final class SyncBench {

    private SyncBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quota";
        List<Integer> sizes = new ArrayList<>();
        List<String> only = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].matches("\\d+")) {
                sizes.add(Integer.parseInt(args[i]));
            } else {
                only.add(args[i]);
            }
        }
        if (sizes.isEmpty()) {
            sizes.add(20_000);
        }
        boolean quotas = mode.equals("quota");
        try (SandboxServer sandbox = SandboxServer.start(0); PostgresDatabase db = new PostgresDatabase()) {
            sandbox.settings().quotas(quotas);
            Map<String, String> env = new HashMap<>(db.env());
            env.put("WORKESTRA_SANDBOX_URL", sandbox.baseUrl());
            try (Node node = Node.start("bench-" + Long.toHexString(System.nanoTime()), env)) {
                if (!quotas) {
                    node.shell("config:property-set -p com.workestra.email.sync quotaPacing false");
                }
                System.out.printf(Locale.ROOT, "%-8s %-8s %9s %9s %9s %12s %6s %9s %11s%n", "provider",
                        "messages", "seconds", "msg/s", "requests", "quota units", "429s", "ceiling", "peak heap");
                List<String> providers = !only.isEmpty() ? only : quotas ? List.of("gmail", "outlook")
                        : List.of("gmail");
                int run = 0;
                for (int size : sizes) {
                    for (String provider : providers) {
                        run++;
                        bench(sandbox, node, provider, provider + "-" + run + "@bench.test", size);
                    }
                }
            }
        }
    }

    private static void bench(SandboxServer sandbox, Node node, String provider, String address, int size)
            throws IOException, InterruptedException {
        Http control = new Http(sandbox.baseUrl());
        // a year of mail: the first sync takes the last 30 days, the backfill (range all) the rest
        Http.Answer created = control.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"" + provider
                + "\",\"address\":\"" + address + "\",\"messages\":" + size + ",\"seed\":7,\"spanDays\":365}");
        if (created.status() / 100 != 2) {
            throw new IllegalStateException(created.body());
        }
        long expected = control.send("GET", "/_sandbox/accounts/" + address, null, null).json()
                .get("messageCount").asLong();
        Http http = node.http();
        long requests0 = sandbox.stats().requests(provider);
        long units0 = sandbox.stats().quotaSpent(provider, address);
        long throttled0 = sandbox.stats().calls(provider, Stats.THROTTLED);
        HeapSampler heap = HeapSampler.start(node);
        long start = System.nanoTime();
        String id = new OAuthBrowser(http, sandbox.baseUrl()).connect(provider, address, null).json()
                .at("/connection/id").asText();
        Http.Answer backfill = http.send("POST", "/email/v1/connections/" + id + "/backfill", Node.DEMO_TOKEN,
                "{\"range\":\"all\"}");
        if (backfill.status() != 202) {
            throw new IllegalStateException("backfill not started: " + backfill.status() + " " + backfill.body());
        }
        Wait.until(Duration.ofHours(1), address + " imported", () -> http.send("GET", "/email/v1/connections/" + id,
                Node.DEMO_TOKEN, null).json().at("/counts/messages").asLong() == expected);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stop();
        long requests = sandbox.stats().requests(provider) - requests0;
        long units = sandbox.stats().quotaSpent(provider, address) - units0;
        long throttled = sandbox.stats().calls(provider, Stats.THROTTLED) - throttled0;
        // the shortest time the emulated limit allows for what was spent (Gmail: quota units; Graph: requests as its
        // throttle counts them, each step of a $batch being one)
        double minimal = provider.equals("gmail") ? Math.max(0, units - 250) / 250.0
                : Math.floor(Math.max(0, units - 1) / 10_000.0) * 600;
        String ceiling = sandbox.settings().quotas() && minimal > 0
                ? String.format(Locale.ROOT, "%.2f", minimal / seconds) : "-";
        System.out.printf(Locale.ROOT, "%-8s %-8d %9.1f %9.1f %9d %12d %6d %9s %8.0f MiB%n", provider, expected,
                seconds, expected / seconds, requests, units, throttled, ceiling, peak / 1048576.0);
    }

    /** Samples the Karaf JVM's used heap with jstat (the node runs in its own process). */
    private static final class HeapSampler {
        private final Process jstat;
        private final Thread reader;
        private volatile long peak;

        private HeapSampler(Process jstat) {
            this.jstat = jstat;
            this.reader = new Thread(this::read, "heap-sampler");
            reader.setDaemon(true);
            reader.start();
        }

        static HeapSampler start(Node node) throws IOException {
            String marker = node.dir().toAbsolutePath().toString();
            Optional<ProcessHandle> karaf = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker) && c.contains("karaf"))
                            .orElse(false))
                    .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                    .findFirst();
            String pid = String.valueOf(karaf.orElseThrow(() -> new IllegalStateException("no Karaf JVM")).pid());
            String javaHome = System.getProperty("java.home");
            return new HeapSampler(new ProcessBuilder(javaHome + "/bin/jstat", "-gc", pid, "500")
                    .redirectErrorStream(true).start());
        }

        private void read() {
            try {
                String[] header = null;
                for (String line : new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        .split("\n")) {
                    String[] cols = line.trim().split("\\s+");
                    if (line.contains("S0U")) {
                        header = cols;
                        continue;
                    }
                    if (header == null || cols.length != header.length) {
                        continue;
                    }
                    double used = 0;
                    for (int i = 0; i < header.length; i++) {
                        if (header[i].equals("S0U") || header[i].equals("S1U") || header[i].equals("EU")
                                || header[i].equals("OU")) {
                            used += Double.parseDouble(cols[i]);
                        }
                    }
                    peak = Math.max(peak, (long) (used * 1024));
                }
            } catch (IOException | NumberFormatException e) {
                peak = -1;
            }
        }

        long stop() throws InterruptedException {
            jstat.destroy();
            reader.join(5_000);
            return peak;
        }
    }
}
