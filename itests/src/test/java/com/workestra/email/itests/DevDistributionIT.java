package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dev distribution as an operator starts it, without any secret given: ./run.sh generates the demo token and the
 * shell password of the install and prints them, nothing fixed works, and HTTP and the shell listen on loopback only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevDistributionIT {

    private Node node;

    @BeforeAll
    void start() {
        node = Node.start("dev-" + Long.toHexString(System.nanoTime()), Map.of("WORKESTRA_DEMO_TOKEN", ""));
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void secretsAreGeneratedPerInstallAndPrinted() throws Exception {
        String token = node.demoToken();
        String password = node.shellPassword();
        assertTrue(token.length() >= 24 && password.length() >= 24, "generated: " + token.length());
        assertNotEquals(token, password);
        for (String file : new String[] {"demo-token", "shell-password"}) {
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(node.dir().resolve(file)), file + " is readable by its owner only");
        }
        Http http = node.http();
        assertEquals(200, http.send("GET", "/email/v1/me", token, null).status());
        assertEquals(401, http.send("GET", "/email/v1/me", "workestra-demo-token", null).status(),
                "the former fixed token opens nothing");
        // the node answers before run.sh prints its banner (it seeds the demo data first)
        Wait.until(java.time.Duration.ofSeconds(120), "run.sh's banner", () -> {
            try {
                return Files.readString(node.dir().resolve("run.out")).contains("Workestra Email is ready.");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        String printed = Files.readString(node.dir().resolve("run.out"));
        assertTrue(printed.contains("Demo token    " + token), "run.sh prints the token");
        assertTrue(printed.contains(password), "run.sh prints how to open the shell");
        assertTrue(node.shell("feature:list -i").contains("workestra-email"), "the generated password opens the shell");
        assertFalse(node.shellAs("karaf", "feature:list -i").contains("workestra-email"),
                "the former fixed password does not");
    }

    @Test
    void httpAndShellListenOnLoopbackOnly() throws Exception {
        assertTrue(reachable(InetAddress.getLoopbackAddress(), node.httpPort()));
        assertTrue(reachable(InetAddress.getLoopbackAddress(), node.sshPort()));
        Optional<InetAddress> external = externalAddress();
        if (external.isPresent()) {
            assertFalse(reachable(external.get(), node.httpPort()), "HTTP on " + external.get());
            assertFalse(reachable(external.get(), node.sshPort()), "shell on " + external.get());
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A non-loopback IPv4 address of this machine, if it has one. */
    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
