package com.workestra.email.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.WorkspaceMailStore.DeliveryEvent;
import com.workestra.email.store.WorkspaceMailStore.DeliveryStatus;
import com.workestra.email.store.WorkspaceMailStore.DomainRecord;
import com.workestra.email.store.WorkspaceMailStore.OpenSummary;
import com.workestra.email.store.WorkspaceMailStore.Pixel;
import com.workestra.email.store.WorkspaceMailStore.SenderSettings;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.migrate.Migrations;
import com.workestra.email.store.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Workspace sender settings, sealed secrets, the shared rate window, webhook idempotency and opens, on H2 and PG. */
class JpaWorkspaceMailStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final String API_KEY = "re_live_SuperSecretKey_123456";

    private interface Body {
        void run(JpaWorkspaceMailStore store, SealerWorkspaceSecrets secrets, TestDatabase db) throws Exception;
    }

    private static void withStore(String kind, Body body) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            new Migrations(db.dataSource(), "db/changelog/workestra-email.xml",
                    JpaWorkspaceMailStoreTest.class.getClassLoader()).update();
            EntityManagerFactory emf = PersistenceUnitFactory.create(db.dataSource(), JpaStore.ENTITIES);
            try {
                byte[] key = new byte[32];
                key[0] = 9;
                TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(key),
                        "k1"));
                body.run(new JpaWorkspaceMailStore(new Tx(emf)), new SealerWorkspaceSecrets(new VaultSealer(vault)),
                        db);
            } finally {
                emf.close();
            }
        }
    }

    private static List<String> column(TestDatabase db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void senderSettingsKeepTheApiKeyOnlySealed(String kind) throws Exception {
        withStore(kind, (store, secrets, db) -> {
            assertTrue(store.sender("ws1").isEmpty());
            String sealed = secrets.seal("ws1", "resend-api-key", API_KEY);
            assertFalse(sealed.contains(API_KEY));
            store.saveSender(new SenderSettings("ws1", "news@acme.test", "Acme", 5, sealed, null, T0, "admin"));

            SenderSettings read = store.sender("ws1").orElseThrow();
            assertEquals("news@acme.test", read.fromAddress());
            assertEquals(5, read.rateLimitPerSecond());
            assertEquals(API_KEY, secrets.open("ws1", "resend-api-key", read.apiKeySealed()));
            // bound to its workspace and purpose
            assertThrows(IllegalStateException.class, () -> secrets.open("ws2", "resend-api-key", read.apiKeySealed()));
            assertThrows(IllegalStateException.class, () -> secrets.open("ws1", "webhook-secret", read.apiKeySealed()));

            for (String row : column(db, "SELECT api_key_sealed FROM email_workspace_sender")) {
                assertFalse(row.contains(API_KEY), "the key is never stored in clear: " + row);
                assertFalse(row.contains("SuperSecret"), row);
            }
            // an update replaces the row (one per workspace)
            store.saveSender(new SenderSettings("ws1", "hello@acme.test", "Acme Inc", 2, sealed, null,
                    T0.plusSeconds(5), "admin2"));
            assertEquals(List.of("hello@acme.test"), column(db, "SELECT from_address FROM email_workspace_sender"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void domainsAreScopedToTheirWorkspace(String kind) throws Exception {
        withStore(kind, (store, secrets, db) -> {
            store.saveDomain(new DomainRecord("d1", "ws1", "acme.test", "not_started", "us-east-1", T0, T0));
            store.saveDomain(new DomainRecord("d2", "ws1", "mail.acme.test", "not_started", "us-east-1",
                    T0.plusSeconds(1), T0.plusSeconds(1)));
            store.saveDomain(new DomainRecord("d1", "ws1", "acme.test", "verified", "us-east-1", T0,
                    T0.plusSeconds(9)));
            assertEquals("verified", store.domain("ws1", "d1").orElseThrow().status());
            assertTrue(store.domain("ws2", "d1").isEmpty(), "another workspace's domain is not found");
            assertEquals(List.of("d2", "d1"), store.domains("ws1").stream().map(DomainRecord::id).toList());
            assertThrows(IllegalArgumentException.class, () -> store.saveDomain(new DomainRecord("d1", "ws2",
                    "acme.test", "x", null, T0, T0)));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theRateWindowGrantsTheLimitPerSecondAndHonoursABlock(String kind) throws Exception {
        withStore(kind, (store, secrets, db) -> {
            assertEquals(Duration.ZERO, store.acquireSendSlot("ws1", 2, T0));
            assertEquals(Duration.ZERO, store.acquireSendSlot("ws1", 2, T0.plusMillis(100)));
            Duration wait = store.acquireSendSlot("ws1", 2, T0.plusMillis(300));
            assertEquals(Duration.ofMillis(700), wait, "the third send waits for the window to end");
            assertEquals(Duration.ZERO, store.acquireSendSlot("ws2", 2, T0.plusMillis(300)), "per workspace");
            assertEquals(Duration.ZERO, store.acquireSendSlot("ws1", 2, T0.plusMillis(1000)), "a new window");

            // Resend said: wait 5 s (Retry-After / ratelimit-reset)
            store.blockSends("ws1", T0.plusSeconds(6));
            assertEquals(Duration.ofSeconds(4), store.acquireSendSlot("ws1", 100, T0.plusSeconds(2)));
            store.blockSends("ws1", T0.plusSeconds(3));
            assertEquals(Duration.ofSeconds(1), store.acquireSendSlot("ws1", 100, T0.plusSeconds(5)),
                    "an earlier block never shortens a later one");
            assertEquals(Duration.ZERO, store.acquireSendSlot("ws1", 100, T0.plusSeconds(6)));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentSendersShareOneWindow(String kind) throws Exception {
        withStore(kind, (store, secrets, db) -> {
            store.acquireSendSlot("warm", 1, T0);
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Callable<Duration>> calls = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    calls.add(() -> {
                        go.await();
                        return store.acquireSendSlot("busy", 3, T0);
                    });
                }
                List<Future<Duration>> futures = new ArrayList<>();
                for (Callable<Duration> c : calls) {
                    futures.add(pool.submit(c));
                }
                go.countDown();
                int granted = 0;
                for (Future<Duration> f : futures) {
                    if (f.get().isZero()) {
                        granted++;
                    }
                }
                assertEquals(3, granted, "exactly the limit is granted under concurrency");
            } finally {
                pool.shutdownNow();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void webhookEventsAreRecordedOncePerSvixId(String kind) throws Exception {
        withStore(kind, (store, secrets, db) -> {
            DeliveryEvent delivered = new DeliveryEvent("msg_1", "em_1", "ws1", "email.delivered", T0, null, T0);
            assertTrue(store.recordDeliveryEvent(delivered));
            assertFalse(store.recordDeliveryEvent(delivered), "a redelivery changes nothing");
            DeliveryEvent bounced = new DeliveryEvent("msg_2", "em_1", "ws1", "email.bounced", T0.plusSeconds(1),
                    "Permanent: The recipient's mailbox does not exist", T0.plusSeconds(2));
            assertTrue(store.recordDeliveryEvent(bounced));
            DeliveryStatus status = store.deliveryStatus("ws1", "em_1").orElseThrow();
            assertEquals("email.bounced", status.lastEvent());
            assertEquals(T0, status.deliveredAt());
            assertEquals(T0.plusSeconds(1), status.bouncedAt());
            assertEquals("Permanent", status.bounceType());
            assertEquals("The recipient's mailbox does not exist", status.bounceMessage());
            assertNull(status.complainedAt());
            assertEquals(List.of("msg_1", "msg_2"), store.deliveryEvents("ws1", "em_1").stream()
                    .map(DeliveryEvent::svixId).toList());

            // the same event delivered concurrently is recorded exactly once
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                DeliveryEvent complained = new DeliveryEvent("msg_3", "em_2", "ws1", "email.complained", T0, null,
                        T0);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        return store.recordDeliveryEvent(complained);
                    }));
                }
                go.countDown();
                int recorded = 0;
                for (Future<Boolean> f : futures) {
                    recorded += f.get() ? 1 : 0;
                }
                assertEquals(1, recorded);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of("3"), column(db, "SELECT COUNT(*) FROM email_delivery_event"));
            assertEquals(T0, store.deliveryStatus("ws1", "em_2").orElseThrow().complainedAt());

            // another workspace's webhook (its own secret) reusing the svix id and naming ws1's email: recorded in
            // its own scope only; ws1's events, de-duplication and delivery state are untouched
            DeliveryEvent forged = new DeliveryEvent("msg_1", "em_1", "ws2", "email.delivered", T0.plusSeconds(5),
                    null, T0.plusSeconds(5));
            assertTrue(store.recordDeliveryEvent(forged), "the svix id is unique within a workspace only");
            assertEquals("email.bounced", store.deliveryStatus("ws1", "em_1").orElseThrow().lastEvent());
            assertEquals(List.of("msg_1", "msg_2"), store.deliveryEvents("ws1", "em_1").stream()
                    .map(DeliveryEvent::svixId).toList());
            assertEquals("email.delivered", store.deliveryStatus("ws2", "em_1").orElseThrow().lastEvent());
            // and a svix id ws2 used first does not make ws1's genuine event a "redelivery"
            DeliveryEvent preempt = new DeliveryEvent("msg_9", "em_4", "ws2", "email.delivered", T0, null, T0);
            assertTrue(store.recordDeliveryEvent(preempt));
            assertTrue(store.recordDeliveryEvent(new DeliveryEvent("msg_9", "em_4", "ws1", "email.bounced", T0, null,
                    T0)));
            assertEquals("email.bounced", store.deliveryStatus("ws1", "em_4").orElseThrow().lastEvent());
            assertTrue(store.deliveryStatus("ws3", "em_4").isEmpty());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void opensAreCountedOncePerPixelPerMinute(String kind) throws Exception {
        withStore(kind, (store, secrets, db) -> {
            String ana = "a".repeat(64);
            String bob = "b".repeat(64);
            store.registerPixel(new Pixel(ana, "ws1", "m1", "ana@example.test", "u1", T0));
            store.registerPixel(new Pixel(bob, "ws1", "m1", "bob@example.test", "u1", T0));
            Duration minute = Duration.ofMinutes(1);
            assertTrue(store.recordOpen(ana, T0.plusSeconds(10), minute));
            assertFalse(store.recordOpen(ana, T0.plusSeconds(40), minute), "within the minute");
            assertFalse(store.recordOpen(ana, T0.plusSeconds(69), minute), "still within the minute");
            assertTrue(store.recordOpen(ana, T0.plusSeconds(70), minute), "a minute later");
            assertFalse(store.recordOpen("c".repeat(64), T0, minute), "unknown token");
            assertFalse(store.recordOpen("short", T0, minute));

            List<OpenSummary> opens = store.opensOf("m1");
            assertEquals(2, opens.size());
            assertEquals(new OpenSummary("ana@example.test", 2, T0.plusSeconds(10), T0.plusSeconds(70)),
                    opens.get(0));
            assertEquals(new OpenSummary("bob@example.test", 0, null, null), opens.get(1));
            assertEquals("m1", store.pixel(ana).orElseThrow().messageId());
            assertTrue(store.opensOf("nothing").isEmpty());
        });
    }
}
