package com.workestra.email.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Karaf node of the assembled distribution, started through ./run.sh exactly as an operator would. */
final class Node implements AutoCloseable {

    static final String DEMO_TOKEN = "it-demo-token-" + Long.toHexString(System.nanoTime());
    /** The Karaf shell password the tests give their nodes (the dev distribution has no fixed one). */
    static final String SHELL_PASSWORD = "it-shell-" + Long.toHexString(System.nanoTime());

    private final String name;
    private final Path dir;
    private final Map<String, String> env;
    private final int httpPort;
    private final int sshPort;
    private final boolean generatedSecrets;
    private Process process;

    private Node(String name, Map<String, String> extraEnv) {
        this.name = name;
        this.dir = Path.of(System.getProperty("workestra.nodes", "target/nodes")).resolve(name);
        this.httpPort = freePort();
        this.sshPort = freePort();
        this.env = new HashMap<>(extraEnv);
        env.put("WORKESTRA_HTTP_PORT", String.valueOf(httpPort));
        env.put("WORKESTRA_SSH_PORT", String.valueOf(sshPort));
        env.put("WORKESTRA_NODE_DIR", dir.toString());
        // an empty value: run.sh generates the node's secrets (what an operator gets)
        generatedSecrets = "".equals(extraEnv.get("WORKESTRA_DEMO_TOKEN"));
        if (generatedSecrets) {
            env.remove("WORKESTRA_DEMO_TOKEN");
            env.remove("WORKESTRA_SHELL_PASSWORD");
        } else {
            env.put("WORKESTRA_DEMO_TOKEN", DEMO_TOKEN);
            env.putIfAbsent("WORKESTRA_SHELL_PASSWORD", SHELL_PASSWORD);
        }
        env.putIfAbsent("WORKESTRA_DEMO_DATA", "false");
        // a loaded build machine (parallel builds on 2 cores) may need longer than run.sh's default 180 s
        env.putIfAbsent("WORKESTRA_START_TIMEOUT", "400");
        // no provider traffic in these tests: an address nothing listens on
        env.putIfAbsent("WORKESTRA_SANDBOX_URL", "http://127.0.0.1:" + freePort());
    }

    /** Starts a node and waits until its health answers 200. */
    static Node start(String name, Map<String, String> env) {
        Node node = new Node(name, env);
        try {
            node.startProcess();
        } catch (RuntimeException | AssertionError e) {
            node.stop();
            throw e;
        }
        return node;
    }

    void startProcess() {
        try {
            Files.createDirectories(dir);
            Path root = Path.of(System.getProperty("workestra.root", "..")).toAbsolutePath().normalize();
            ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("run.sh").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("run.out").toFile()));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Http http = http();
        Wait.until(Duration.ofSeconds(420), "node " + name + " healthy", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("run.sh exited with " + process.exitValue() + "; see " + dir.resolve("run.out"));
            }
            // ready = healthy and the host resolves the demo user (the dev host may activate a moment later)
            return http.status("GET", "/email/v1/health", null, null) == 200
                    && http.status("GET", "/email/v1/me", demoToken(), null) == 200;
        });
    }

    /** Stops the node like Ctrl-C / SIGTERM on run.sh and waits for it to end. */
    void stop() {
        if (process == null) {
            return;
        }
        java.util.List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // whatever run.sh could not stop (a Karaf hanging in start-up ignores SIGTERM) must not outlive the test
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    /**
     * Kills the node like a power cut: SIGKILL to run.sh and every process it started (the Karaf JVM), no shutdown
     * hooks, then waits until they are gone. {@link #startProcess()} restarts it on the same directory and ports.
     */
    void kill() {
        if (process == null) {
            return;
        }
        java.util.List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        Wait.until(Duration.ofSeconds(60), "node " + name + " killed",
                () -> !process.isAlive() && tree.stream().noneMatch(ProcessHandle::isAlive));
        process = null;
    }

    /** The demo user's token: the tests' own, or the one run.sh generated for this node. */
    String demoToken() {
        return generatedSecrets ? secret("demo-token") : DEMO_TOKEN;
    }

    /** The Karaf shell password of this node. */
    String shellPassword() {
        return generatedSecrets ? secret("shell-password") : env.get("WORKESTRA_SHELL_PASSWORD");
    }

    private String secret(String file) {
        try {
            Path p = dir.resolve(file);
            return Files.exists(p) ? Files.readString(p).trim() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int sshPort() {
        return sshPort;
    }

    int httpPort() {
        return httpPort;
    }

    /** Runs Karaf shell commands through bin/client and returns what they printed. */
    String shell(String... commands) {
        return shellAs(shellPassword(), commands);
    }

    /** Runs Karaf shell commands as user karaf with a password of the caller's choice. */
    String shellAs(String password, String... commands) {
        try {
            Path client = dir.resolve("karaf/bin/client");
            ProcessBuilder pb = new ProcessBuilder(client.toString(), "-u", "karaf", "-p", password, "-a",
                    String.valueOf(sshPort), "-r", "10", "-b").redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            p.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("Karaf client did not finish: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Http http() {
        return new Http("http://127.0.0.1:" + httpPort);
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
