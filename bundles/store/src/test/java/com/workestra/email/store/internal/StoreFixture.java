package com.workestra.email.store.internal;

import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.InboxStore;
import com.workestra.email.store.Leases;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.OutboundStore;
import com.workestra.email.store.ReadStateOutbox;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.migrate.Migrations;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.Base64;
import javax.sql.DataSource;

/**
 * The store's services on a test database, for other bundles' tests (through this module's test-jar): migrated
 * schema, the same classes JpaStore registers in OSGi, a fixed all-zero vault key.
 */
public final class StoreFixture implements AutoCloseable {

    private final EntityManagerFactory emf;
    private final DataSource dataSource;

    /** Migrates the database and opens the persistence unit. */
    public StoreFixture(DataSource dataSource) {
        this.dataSource = dataSource;
        new Migrations(dataSource, "db/changelog/workestra-email.xml", StoreFixture.class.getClassLoader()).update();
        this.emf = PersistenceUnitFactory.create(dataSource, JpaStore.ENTITIES);
    }

    /** Connections and tokens. */
    public ConnectionStore connections() {
        return new JpaConnectionStore(new Tx(emf), new VaultSealer(new TokenVault(KeyRing.parse("k1:"
                + Base64.getEncoder().encodeToString(new byte[32]), "k1"))));
    }

    /** Synced messages (statistics kept current after bulk imports on PostgreSQL, as JpaStore registers it). */
    public MessageStore messages() {
        boolean postgres = JpaStore.isPostgres(dataSource);
        return new JpaMessageStore(new Tx(emf), Clock.systemUTC(), new BulkStatistics(postgres), postgres);
    }

    /** The leases of a node named {@code nodeId}, as JpaStore registers them. */
    public Leases leases(String nodeId) {
        return new LeaseClaim(new Tx(emf), nodeId, JpaStore.isPostgres(dataSource));
    }

    /** Runs the search indexer (PostgreSQL) until every stored message has its search vector; returns the rows. */
    public long indexSearch() {
        SearchIndexer indexer = new SearchIndexer(dataSource);
        long rows = 0;
        for (int n = indexer.indexBatch(SearchIndexer.BATCH); n > 0; n = indexer.indexBatch(SearchIndexer.BATCH)) {
            rows += n;
        }
        return rows;
    }

    /** The inbox read side. */
    public InboxStore inbox() {
        return new JdbcInboxStore(dataSource);
    }

    /** The read-state outbox. */
    public ReadStateOutbox readOutbox() {
        return new JdbcReadOutbox(dataSource);
    }

    /** Sends, signatures and sender choices. */
    public OutboundStore outbound() {
        return new JpaOutboundStore(new Tx(emf));
    }

    /** Links of messages to host records, the linker's position and relink queue. */
    public LinkStore links() {
        return new JpaLinkStore(new Tx(emf));
    }

    @Override
    public void close() {
        emf.close();
    }
}
