package com.workestra.email.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.Leases;
import com.workestra.email.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two nodes with the same Karaf name (two processes called {@code root}) are two lease owners: the one holding a
 * mailbox keeps it, the other gets nothing (H2 and PostgreSQL).
 */
class ProcessIdentityTest {

    /** Prints the identity a process named {@code args[0]} gets (run in a second JVM by the test). */
    public static void main(String[] args) {
        System.out.print(ProcessIdentity.of(args[0]));
    }

    private static String identityOfAnotherProcess(String name) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ProcessIdentityTest.class.getName(), name).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoProcessesNamedRootNeverBothHoldAMailbox(String kind) throws Exception {
        String here = ProcessIdentity.of("root");
        String there = identityOfAnotherProcess("root");
        assertNotEquals(here, there, "same Karaf name, two processes, two owners");
        assertTrue(here.startsWith("root@") && there.startsWith("root@"), here + " " + there);
        assertEquals(here, ProcessIdentity.of("root"), "stable within the process");
        assertTrue(ProcessIdentity.of("n".repeat(300)).length() <= 100);
        try (TestDatabase db = TestDatabase.open(kind); StoreFixture stores = new StoreFixture(db.dataSource())) {
            Leases first = stores.leases(here);
            Leases second = stores.leases(there);
            Instant now = Instant.parse("2026-12-01T10:00:00Z");
            assertTrue(first.claim("mailbox:c1", now, Duration.ofMinutes(2)));
            assertFalse(second.claim("mailbox:c1", now.plusSeconds(10), Duration.ofMinutes(2)),
                    "the other root process may not take the mailbox");
            assertTrue(first.claim("mailbox:c1", now.plusSeconds(20), Duration.ofMinutes(2)), "renewal");
        }
    }
}
