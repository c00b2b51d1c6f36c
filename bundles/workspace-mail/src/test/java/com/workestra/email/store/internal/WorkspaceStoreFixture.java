package com.workestra.email.store.internal;

import com.workestra.email.store.WorkspaceMailStore;
import com.workestra.email.store.WorkspaceSecrets;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.migrate.Migrations;
import com.workestra.email.store.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.util.Base64;

/**
 * The store's real workspace-mail services on a {@link TestDatabase} (same package as the store's internals, test
 * only): migrated schema, the persistence unit of the store, a test vault key.
 */
public final class WorkspaceStoreFixture implements AutoCloseable {

    private final TestDatabase db;
    private final EntityManagerFactory emf;
    private final WorkspaceMailStore store;
    private final WorkspaceSecrets secrets;

    private WorkspaceStoreFixture(String kind) {
        this.db = TestDatabase.open(kind);
        new Migrations(db.dataSource(), "db/changelog/workestra-email.xml",
                WorkspaceStoreFixture.class.getClassLoader()).update();
        this.emf = PersistenceUnitFactory.create(db.dataSource(), JpaStore.ENTITIES);
        byte[] key = new byte[32];
        key[1] = 42;
        TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(key), "k1"));
        this.store = new JpaWorkspaceMailStore(new Tx(emf));
        this.secrets = new SealerWorkspaceSecrets(new VaultSealer(vault));
    }

    /** Opens a fresh database ({@code h2} or {@code postgresql}). */
    public static WorkspaceStoreFixture open(String kind) {
        return new WorkspaceStoreFixture(kind);
    }

    public WorkspaceMailStore store() {
        return store;
    }

    public WorkspaceSecrets secrets() {
        return secrets;
    }

    public TestDatabase db() {
        return db;
    }

    @Override
    public void close() {
        emf.close();
        db.close();
    }
}
