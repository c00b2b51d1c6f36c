package com.workestra.email.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An unpacked stock Apache Karaf distribution, as a host admin has it. Test harness only: the shell user is enabled
 * (the admin has a console), Karaf's own ports come from the environment (free ports on a shared machine), and our
 * artifacts are staged in its {@code system/} repository, standing in for the Maven repository we publish to.
 */
final class StockKaraf implements AutoCloseable {

    private final Path home;
    private final int sshPort;
    private final Map<String, String> env = new HashMap<>();
    private Process process;

    private StockKaraf(Path home) {
        this.home = home;
        this.sshPort = Node.freePort();
        env.put("ORG_APACHE_KARAF_SHELL_SSHPORT", String.valueOf(sshPort));
        int registry = Node.freePort();
        int server = Node.freePort();
        env.put("ORG_APACHE_KARAF_MANAGEMENT_RMIREGISTRYPORT", String.valueOf(registry));
        env.put("ORG_APACHE_KARAF_MANAGEMENT_RMISERVERPORT", String.valueOf(server));
        // the service URL is composed from the two ports when etc/ is read, before the overrides apply
        env.put("ORG_APACHE_KARAF_MANAGEMENT_SERVICEURL", "service:jmx:rmi://127.0.0.1:" + server
                + "/jndi/rmi://127.0.0.1:" + registry + "/karaf-root");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KARAF_EXEC", "exec");
    }

    /** Unpacks {@code tarball} into a fresh {@code dir} (the archive's top folder is dropped). */
    static StockKaraf unpack(Path tarball, Path dir) {
        try {
            Files.createDirectories(dir);
            run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString(), "--strip-components=1"));
            StockKaraf karaf = new StockKaraf(dir);
            Path users = dir.resolve("etc/users.properties");
            Files.writeString(users, Files.readString(users).replace("#karaf = karaf,_g_:admingroup",
                    "karaf = karaf,_g_:admingroup").replace("#_g_\\:admingroup", "_g_\\:admingroup"));
            return karaf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages this build's bundles and features descriptor in {@code system/} under their Maven coordinates. */
    void stage(Path root, String version) {
        Path system = home.resolve("system/com/workestra/email");
        try (Stream<Path> modules = Files.list(root.resolve("bundles"))) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("target"))).toList()) {
                try (Stream<Path> jars = Files.list(module.resolve("target")).filter(p -> p.getFileName().toString()
                        .matches("com\\.workestra\\.email\\..*-" + Pattern.quote(version) + "\\.jar"))) {
                    for (Path jar : jars.toList()) {
                        String artifact = jar.getFileName().toString().replace("-" + version + ".jar", "");
                        copy(jar, system.resolve(artifact).resolve(version).resolve(jar.getFileName()));
                    }
                }
            }
            copy(root.resolve("features/target/feature/feature.xml"), system.resolve("workestra-email-features")
                    .resolve(version).resolve("workestra-email-features-" + version + "-features.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Sets an environment variable of the Karaf process (before {@link #start}). */
    void env(String name, String value) {
        env.put(name, value);
    }

    /** Starts {@code bin/karaf server} and waits until its shell answers. */
    void start() {
        try {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf.out").toFile()));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Wait.until(Duration.ofSeconds(180), "stock Karaf shell", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("Karaf exited with " + process.exitValue());
            }
            return shell("bundle:list -t 0 | grep -c Active").lines().anyMatch(l -> l.strip().matches("[0-9]+"));
        });
    }

    /** Runs shell commands through {@code bin/client} and returns what they printed. */
    String shell(String... commands) {
        try {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-u", "karaf", "-p",
                    "karaf", "-a", String.valueOf(sshPort), "-r", "30", "-b").redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            p.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
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

    Path home() {
        return home;
    }

    Path etc() {
        return home.resolve("etc");
    }

    /** How many lines data/log/karaf.log has now (a mark for {@link #logSince}). */
    int logLines() {
        return logSince(0).size();
    }

    /** The lines of data/log/karaf.log after the first {@code skip}. */
    List<String> logSince(int skip) {
        try {
            Path log = home.resolve("data/log/karaf.log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return lines.subList(Math.min(skip, lines.size()), lines.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of data/log/karaf.log logged at ERROR level, each with the line after it (an exception's message). */
    List<String> errors() {
        List<String> lines = logSince(0);
        List<String> errors = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("| ERROR |")) {
                errors.add(lines.get(i) + (i + 1 < lines.size() ? " // " + lines.get(i + 1) : ""));
            }
        }
        return errors;
    }

    private static void run(List<String> command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new AssertionError(command + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops Karaf like SIGTERM from a service manager. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process = null;
    }
}
