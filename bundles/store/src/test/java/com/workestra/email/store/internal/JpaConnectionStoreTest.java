package com.workestra.email.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.OAuthState;
import com.workestra.email.store.SubscriptionRecord;
import com.workestra.email.store.TokenSet;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.internal.vault.VaultRotation;
import com.workestra.email.store.migrate.Migrations;
import com.workestra.email.store.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connections, sealed tokens, locked refresh and one-time states on H2 and PostgreSQL. */
class JpaConnectionStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private interface Body {
        void run(JpaConnectionStore store, TestDatabase db) throws Exception;
    }

    private static JpaPushStore lastPush;

    private static void withStore(String kind, Body body) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            new Migrations(db.dataSource(), "db/changelog/workestra-email.xml",
                    JpaConnectionStoreTest.class.getClassLoader()).update();
            EntityManagerFactory emf = PersistenceUnitFactory.create(db.dataSource(), JpaStore.ENTITIES);
            try {
                byte[] key = new byte[32];
                key[0] = 7;
                TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(key),
                        "k1"));
                lastPush = new JpaPushStore(new Tx(emf), new VaultSealer(vault));
                body.run(new JpaConnectionStore(new Tx(emf), new VaultSealer(vault)), db);
            } finally {
                emf.close();
            }
        }
    }

    private static NewConnection gmail(String user, String account) {
        return new NewConnection("ws", user, "gmail", account, account, "Name " + account, "personal", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void sameIdentityReconnectsAndTokensNeverReachTheDatabaseInClear(String kind) throws Exception {
        withStore(kind, (store, db) -> {
            ConnectionRecord a = store.connect(gmail("u1", "a@x.test"),
                    new TokenSet("access-secret-1", T0.plusSeconds(3600), "refresh-secret-1", "s"), T0);
            ConnectionRecord b = store.connect(gmail("u1", "b@x.test"),
                    new TokenSet("access-secret-2", T0, "refresh-secret-2", "s"), T0);
            assertNotEquals(a.id(), b.id());
            store.recordAttempt(a.id(), T0.plusSeconds(5), "token_expired", "Reconnect");
            store.disconnect(a.id(), T0.plusSeconds(10));
            assertTrue(store.tokens(a.id()).isEmpty());
            assertFalse(store.find(a.id()).orElseThrow().active());

            ConnectionRecord again = store.connect(gmail("u1", "a@x.test"),
                    new TokenSet("access-secret-3", T0, "refresh-secret-3", "s"), T0.plusSeconds(20));
            assertEquals(a.id(), again.id());
            assertTrue(again.active());
            assertEquals(T0, again.connectedAt());
            assertNull(again.lastErrorCode());
            assertEquals("refresh-secret-3", store.tokens(a.id()).orElseThrow().refreshToken());
            // another user with the same account is a different connection
            assertNotEquals(a.id(), store.connect(gmail("u2", "a@x.test"), null, T0).id());
            assertEquals(2, store.list("ws", "u1", "gmail").size());
            assertEquals(0, store.list("ws", "u1", "outlook").size());

            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT access_token, refresh_token FROM email_connection_token")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    for (int i = 1; i <= 2; i++) {
                        String stored = rs.getString(i);
                        assertTrue(stored.startsWith("v1.k1."), stored);
                        assertFalse(stored.contains("secret"), stored);
                    }
                }
                assertEquals(2, rows);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentRefreshesSerializeAndKeepTheRotatedToken(String kind) throws Exception {
        withStore(kind, (store, db) -> {
            String id = store.connect(gmail("u1", "a@x.test"), new TokenSet("old", T0, "r0", "s"), T0).id();
            AtomicInteger refreshes = new AtomicInteger();
            Callable<String> refresher = () -> store.updateTokens(id, current -> {
                if (!"old".equals(current.accessToken())) {
                    return current;
                }
                int n = refreshes.incrementAndGet();
                return new TokenSet("new-" + n, T0.plusSeconds(3600), "r" + n, "s");
            }).accessToken();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return refresher.call();
                    }));
                }
                go.countDown();
                for (Future<String> f : results) {
                    assertEquals("new-1", f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, refreshes.get());
            assertEquals("r1", store.tokens(id).orElseThrow().refreshToken());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void rotatingToANewKeyReencryptsEveryTokenWithoutDowntime(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            new Migrations(db.dataSource(), "db/changelog/workestra-email.xml", getClass().getClassLoader()).update();
            EntityManagerFactory emf = PersistenceUnitFactory.create(db.dataSource(), JpaStore.ENTITIES);
            try {
                Tx tx = new Tx(emf);
                String k1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
                byte[] second = new byte[32];
                second[31] = 9;
                String k2 = "k2:" + Base64.getEncoder().encodeToString(second);
                JpaConnectionStore old = new JpaConnectionStore(tx, new VaultSealer(new TokenVault(KeyRing.parse(k1,
                        "k1"))));
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    ids.add(old.connect(gmail("u1", "a" + i + "@x.test"), new TokenSet("access-" + i, T0,
                            i % 2 == 0 ? "refresh-" + i : null, "s"), T0).id());
                }
                TokenVault both = new TokenVault(KeyRing.parse(k1 + "," + k2, "k2"));
                JpaConnectionStore current = new JpaConnectionStore(tx, new VaultSealer(both));
                // old ciphertexts stay readable during the rotation
                assertEquals("access-3", current.tokens(ids.get(3)).orElseThrow().accessToken());
                VaultRotation.Result r = new VaultRotation(both, new SealedColumns(tx), 3).rotateAll(100);
                assertTrue(r.finished());
                assertEquals(11, r.rotated());
                assertEquals(0, r.failed());
                for (int i = 0; i < 7; i++) {
                    TokenSet t = current.tokens(ids.get(i)).orElseThrow();
                    assertEquals("access-" + i, t.accessToken());
                    assertEquals(i % 2 == 0 ? "refresh-" + i : null, t.refreshToken());
                }
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT access_token FROM email_connection_token")) {
                    while (rs.next()) {
                        assertTrue(rs.getString(1).startsWith("v1.k2."), rs.getString(1));
                    }
                }
                assertEquals(0, new VaultRotation(both, new SealedColumns(tx), 3).rotateAll(10).rotated());
            } finally {
                emf.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void subscriptionsKeepTheirClientStateSealedAndHintsQueueUp(String kind) throws Exception {
        withStore(kind, (store, db) -> {
            String id = store.connect(gmail("u1", "a@x.test"), null, T0).id();
            JpaPushStore push = lastPush;
            push.saveSubscription(new SubscriptionRecord("s1", id, "prov-1", "client-state-secret", T0.plusSeconds(60),
                    T0));
            assertEquals("client-state-secret", push.subscriptionByProviderId("prov-1").orElseThrow().clientState());
            assertTrue(push.subscriptionByProviderId("nope").isEmpty());
            assertEquals(1, push.expiringBefore(T0.plusSeconds(61)).size());
            push.renewed("s1", T0.plusSeconds(3600));
            assertEquals(0, push.expiringBefore(T0.plusSeconds(61)).size());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT client_state FROM email_subscription")) {
                rs.next();
                assertFalse(rs.getString(1).contains("secret"));
            }
            push.recordHint(id, "created", "me/messages/1", T0);
            push.recordHint(id, "updated", "me/messages/2", T0.plusSeconds(5));
            assertEquals(2, push.pendingHints(id));
            assertEquals(1, push.markHintsProcessed(id, T0.plusSeconds(1), T0.plusSeconds(10)));
            assertEquals(1, push.pendingHints(id));
            push.deleteSubscription("s1");
            assertTrue(push.subscriptionsOf(id).isEmpty());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void statesAreSingleUseAndExpire(String kind) throws Exception {
        withStore(kind, (store, db) -> {
            Instant now = Instant.now();
            store.saveState("state-1", new OAuthState("ws", "u1", "gmail", "verifier-1", "/back", now.plusSeconds(600)));
            store.saveState("state-2", new OAuthState("ws", "u1", "outlook", "verifier-2", null, now.minusSeconds(1)));
            OAuthState got = store.consumeState("state-1", now).orElseThrow();
            assertEquals("verifier-1", got.codeVerifier());
            assertEquals("/back", got.redirectAfter());
            assertTrue(store.consumeState("state-1", now).isEmpty(), "replayed state");
            assertTrue(store.consumeState("state-2", now).isEmpty(), "expired state");
            assertTrue(store.consumeState("forged", now).isEmpty());
            assertTrue(store.consumeState("", now).isEmpty());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM email_oauth_state")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deferralsCountTransientFailuresKeepTheBadgeAndASuccessClearsThem(String kind) throws Exception {
        withStore(kind, (store, db) -> {
            String id = store.connect(gmail("u1", "acct-1"), null, T0).id();
            store.recordAttempt(id, T0, null, null);
            assertEquals(0, store.defer(id, T0.plusSeconds(1), T0.plusSeconds(30), "rate_limited", false));
            assertEquals(1, store.defer(id, T0.plusSeconds(2), T0.plusSeconds(60), "provider_unavailable", true));
            assertEquals(2, store.defer(id, T0.plusSeconds(3), T0.plusSeconds(90), "provider_unavailable", true));
            assertEquals(Map.of(id, T0.plusSeconds(90)), store.deferrals());
            ConnectionRecord c = store.find(id).orElseThrow();
            assertNull(c.lastErrorCode(), "a deferral is not a failed attempt");
            assertEquals(T0, c.lastSuccessAt());
            assertEquals(T0.plusSeconds(3), c.lastAttemptAt());
            store.recordAttempt(id, T0.plusSeconds(100), null, null);
            assertEquals(Map.of(), store.deferrals(), "a success ends the backoff");
            assertEquals(1, store.defer(id, T0.plusSeconds(101), T0.plusSeconds(130), "provider_unavailable", true),
                    "the count starts again after a success");
        });
    }
}
