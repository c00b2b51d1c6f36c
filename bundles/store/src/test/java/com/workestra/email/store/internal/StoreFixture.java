package com.workestra.email.store.internal;

import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.OutboundStore;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.migrate.Migrations;
import com.workestra.email.store.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.util.Base64;

/**
 * The real stores (migrated schema, EclipseLink unit) on a {@link TestDatabase}, for tests of this and other bundles
 * (shared through the test-jar); closing it drops the database.
 */
public final class StoreFixture implements AutoCloseable {

    private final TestDatabase db;
    private final EntityManagerFactory emf;
    private final ConnectionStore connections;
    private final MessageStore messages;
    private final OutboundStore outbound;

    private StoreFixture(TestDatabase db) {
        this.db = db;
        new Migrations(db.dataSource(), "db/changelog/workestra-email.xml", StoreFixture.class.getClassLoader())
                .update();
        this.emf = PersistenceUnitFactory.create(db.dataSource(), JpaStore.ENTITIES);
        TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(new byte[32]),
                "k1"));
        Tx tx = new Tx(emf);
        this.connections = new JpaConnectionStore(tx, new VaultSealer(vault));
        this.messages = new JpaMessageStore(tx);
        this.outbound = new JpaOutboundStore(tx);
    }

    /** Opens a fresh database of the kind ({@code h2} or {@code postgresql}) with the schema. */
    public static StoreFixture open(String kind) {
        return new StoreFixture(TestDatabase.open(kind));
    }

    /** The database. */
    public TestDatabase database() {
        return db;
    }

    /** Connections and tokens. */
    public ConnectionStore connections() {
        return connections;
    }

    /** Synced messages. */
    public MessageStore messages() {
        return messages;
    }

    /** Sends, signatures, sender choices. */
    public OutboundStore outbound() {
        return outbound;
    }

    @Override
    public void close() {
        emf.close();
        db.close();
    }
}
