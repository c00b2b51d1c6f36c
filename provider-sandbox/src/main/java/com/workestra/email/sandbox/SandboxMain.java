package com.workestra.email.sandbox;

import java.util.concurrent.CountDownLatch;

/** Standalone entry point: {@code java -jar provider-sandbox.jar [--port N]} (or env WORKESTRA_SANDBOX_PORT). */
public final class SandboxMain {

    /** Default port when neither --port nor WORKESTRA_SANDBOX_PORT is given. */
    public static final int DEFAULT_PORT = 8089;

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = port(args, System.getenv("WORKESTRA_SANDBOX_PORT"));
        SandboxServer server = SandboxServer.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.println("Sandbox ready on " + server.baseUrl());
        System.out.flush();
        stopped.await();
    }

    static int port(String[] args, String env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                return Integer.parseInt(args[i + 1]);
            }
            if (args[i].startsWith("--port=")) {
                return Integer.parseInt(args[i].substring("--port=".length()));
            }
        }
        if (env != null && !env.isBlank()) {
            return Integer.parseInt(env.trim());
        }
        return DEFAULT_PORT;
    }
}
