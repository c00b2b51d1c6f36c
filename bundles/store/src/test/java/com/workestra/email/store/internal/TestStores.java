package com.workestra.email.store.internal;

import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.PushStore;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.migrate.Migrations;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.Base64;
import javax.sql.DataSource;

/**
 * The real stores on a test database, for tests and benchmarks of other modules (what {@link JpaStore} registers
 * as services in the OSGi runtime): migrated schema, the persistence unit, a vault with a fixed test key.
 */
public final class TestStores implements AutoCloseable {

    private final EntityManagerFactory emf;
    private final JpaConnectionStore connections;
    private final JpaMessageStore messages;
    private final JpaPushStore push;

    private TestStores(DataSource dataSource) {
        new Migrations(dataSource, "db/changelog/workestra-email.xml", TestStores.class.getClassLoader()).update();
        this.emf = PersistenceUnitFactory.create(dataSource, JpaStore.ENTITIES);
        TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(new byte[32]),
                "k1"));
        Tx tx = new Tx(emf);
        this.connections = new JpaConnectionStore(tx, new VaultSealer(vault));
        this.messages = new JpaMessageStore(tx, Clock.systemUTC());
        this.push = new JpaPushStore(tx, new VaultSealer(vault));
    }

    /** Migrates the database and opens the stores on it. */
    public static TestStores open(DataSource dataSource) {
        return new TestStores(dataSource);
    }

    /** The connection store. */
    public ConnectionStore connections() {
        return connections;
    }

    /** The message store. */
    public MessageStore messages() {
        return messages;
    }

    /** The push store. */
    public PushStore push() {
        return push;
    }

    @Override
    public void close() {
        emf.close();
    }
}
