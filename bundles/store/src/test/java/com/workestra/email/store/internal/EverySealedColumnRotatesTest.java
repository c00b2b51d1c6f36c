package com.workestra.email.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.NewConnection;
import com.workestra.email.store.OAuthState;
import com.workestra.email.store.SubscriptionRecord;
import com.workestra.email.store.TokenSet;
import com.workestra.email.store.WorkspaceMailStore.SenderSettings;
import com.workestra.email.store.WorkspaceSecrets;
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
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A key rotation re-seals every sealed column, not only the tokens: after it, the old key is removed from the ring
 * and every secret of the store still opens (H2 and PostgreSQL).
 */
class EverySealedColumnRotatesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String K1 = "k1:" + Base64.getEncoder().encodeToString(key(1));
    private static final String K2 = "k2:" + Base64.getEncoder().encodeToString(key(2));

    private static byte[] key(int b) {
        byte[] k = new byte[32];
        k[5] = (byte) b;
        return k;
    }

    /** The sealed columns of the schema (each gets a value below; the count runs over every text column). */
    private static final List<String> SEALED = List.of("email_connection_token.access_token",
            "email_connection_token.refresh_token", "email_subscription.client_state", "email_oauth_state.code_verifier",
            "email_workspace_sender.api_key_sealed", "email_workspace_sender.webhook_secret_sealed");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void afterARotationTheOldKeyCanBeRemoved(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            new Migrations(db.dataSource(), "db/changelog/workestra-email.xml", getClass().getClassLoader()).update();
            EntityManagerFactory emf = PersistenceUnitFactory.create(db.dataSource(), JpaStore.ENTITIES);
            try {
                Tx tx = new Tx(emf);
                // everything sealed under k1
                VaultSealer first = new VaultSealer(new TokenVault(KeyRing.parse(K1, "k1")));
                JpaConnectionStore connections = new JpaConnectionStore(tx, first);
                String id = connections.connect(new NewConnection("ws", "u1", "outlook", "acc", "a@x.test", "A",
                        "personal", null), new TokenSet("access-1", T0, "refresh-1", "s"), T0).id();
                new JpaPushStore(tx, first).saveSubscription(new SubscriptionRecord("sub-1", id, "prov-1",
                        "client-state-1", T0.plusSeconds(3600), T0));
                connections.saveState("state-1", new OAuthState("ws", "u1", "gmail", "verifier-1", null,
                        T0.plusSeconds(600)));
                WorkspaceSecrets secrets = new SealerWorkspaceSecrets(first);
                new JpaWorkspaceMailStore(tx).saveSender(new SenderSettings("ws", "news@x.test", "News", 2,
                        secrets.seal("ws", WorkspaceSecrets.RESEND_API_KEY, "re_api_key_1"),
                        secrets.seal("ws", WorkspaceSecrets.RESEND_WEBHOOK_SECRET, "whsec_1"), T0, "u1"));
                assertEquals(SEALED.size(), countUnder(db, "v1.k1."), "every sealed column holds a k1 value");

                // k2 becomes active, the rotation runs (small batches: the keyset crosses every column)
                TokenVault both = new TokenVault(KeyRing.parse(K1 + "," + K2, "k2"));
                VaultRotation.Result r = new VaultRotation(both, new SealedColumns(tx), 2).rotateAll(100);
                assertTrue(r.finished());
                assertEquals(SEALED.size(), r.rotated());
                assertEquals(0, r.failed());
                assertEquals(0, countUnder(db, "v1.k1."));
                assertEquals(SEALED.size(), countUnder(db, "v1.k2."));

                // k1 is removed from the ring: everything still opens with k2 alone
                TokenVault onlyNew = new TokenVault(KeyRing.parse(K2, "k2"));
                VaultSealer second = new VaultSealer(onlyNew);
                JpaConnectionStore after = new JpaConnectionStore(tx, second);
                TokenSet tokens = after.tokens(id).orElseThrow();
                assertEquals("access-1", tokens.accessToken());
                assertEquals("refresh-1", tokens.refreshToken());
                assertEquals("client-state-1", new JpaPushStore(tx, second).subscriptionByProviderId("prov-1")
                        .orElseThrow().clientState());
                assertEquals("verifier-1", after.consumeState("state-1", T0).orElseThrow().codeVerifier());
                SenderSettings sender = new JpaWorkspaceMailStore(tx).sender("ws").orElseThrow();
                WorkspaceSecrets reopened = new SealerWorkspaceSecrets(second);
                assertEquals("re_api_key_1", reopened.open("ws", WorkspaceSecrets.RESEND_API_KEY,
                        sender.apiKeySealed()));
                assertEquals("whsec_1", reopened.open("ws", WorkspaceSecrets.RESEND_WEBHOOK_SECRET,
                        sender.webhookSecretSealed()));
                // and the ring without k1 really cannot read what k1 sealed
                assertThrows(RuntimeException.class, () -> new SealerWorkspaceSecrets(second).open("ws",
                        WorkspaceSecrets.RESEND_API_KEY, secrets.seal("ws", WorkspaceSecrets.RESEND_API_KEY, "x")));
                assertEquals(0, new VaultRotation(both, new SealedColumns(tx), 2).rotateAll(10).rotated());
            } finally {
                emf.close();
            }
        }
    }

    /** Values sealed under a key, in every text column of every table of the schema (not only the known ones). */
    private static int countUnder(TestDatabase db, String prefix) throws Exception {
        int n = 0;
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            List<String[]> columns = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = CURRENT_SCHEMA AND LOWER(table_name) LIKE 'email%'"
                    + " AND LOWER(data_type) IN ('character varying', 'text', 'character large object')")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertTrue(columns.size() > 20, "the schema's text columns were found: " + columns.size());
            for (String[] tc : columns) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + tc[0] + " WHERE " + tc[1]
                        + " LIKE '" + prefix + "%'")) {
                    rs.next();
                    n += rs.getInt(1);
                }
            }
        }
        return n;
    }
}
