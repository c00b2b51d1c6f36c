package com.workestra.email.store.internal;

import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.migrate.Migrations;
import jakarta.persistence.EntityManagerFactory;
import java.util.Base64;
import javax.sql.DataSource;

/**
 * The real stores on a test database, for other bundles' tests (through this module's test-jar): migrates, opens the
 * persistence unit and builds the JPA stores exactly as the store bundle does.
 */
public final class TestStores implements AutoCloseable {

    private final EntityManagerFactory emf;
    private final ConnectionStore connections;
    private final MessageStore messages;
    private final LinkStore links;

    /** Migrates the database and opens the stores. */
    public TestStores(DataSource dataSource) {
        new Migrations(dataSource, "db/changelog/workestra-email.xml", TestStores.class.getClassLoader()).update();
        this.emf = PersistenceUnitFactory.create(dataSource, JpaStore.ENTITIES);
        Tx tx = new Tx(emf);
        TokenVault vault = new TokenVault(KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(new byte[32]),
                "k1"));
        this.connections = new JpaConnectionStore(tx, new VaultSealer(vault));
        this.messages = new JpaMessageStore(tx);
        this.links = new JpaLinkStore(tx);
    }

    /** Connections. */
    public ConnectionStore connections() {
        return connections;
    }

    /** Messages. */
    public MessageStore messages() {
        return messages;
    }

    /** Links, walker, intake records and panel queries. */
    public LinkStore links() {
        return links;
    }

    @Override
    public void close() {
        emf.close();
    }
}
