package com.workestra.email.store.internal;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.store.BackfillStore;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.InboxStore;
import com.workestra.email.store.JobCursors;
import com.workestra.email.store.Leases;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.OutboundStore;
import com.workestra.email.store.PushStore;
import com.workestra.email.store.ReadStateOutbox;
import com.workestra.email.store.WorkspaceMailStore;
import com.workestra.email.store.WorkspaceSecrets;
import com.workestra.email.store.internal.vault.GeneratedKeyFile;
import com.workestra.email.store.internal.vault.KeyRing;
import com.workestra.email.store.internal.vault.TokenVault;
import com.workestra.email.store.internal.vault.VaultException;
import com.workestra.email.store.internal.vault.VaultRotation;
import com.workestra.email.store.migrate.Migrations;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's persistence on the HOST's DataSource: migrates the schema, builds the persistence unit and reports the
 * database and migration health.
 */
@Component(service = HealthContributor.class, immediate = true, configurationPid = JpaStore.PID)
@Designate(ocd = JpaStore.Config.class)
public class JpaStore implements HealthContributor {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.store";

    private static final Logger LOG = LoggerFactory.getLogger(JpaStore.class);
    private static final String CHANGELOG = "db/changelog/workestra-email.xml";

    /** Every class of the persistence unit (tests build the same unit). */
    static final List<Class<?>> ENTITIES = List.of(NodeEntity.class, ConnectionEntity.class, TokenEntity.class,
            OAuthStateEntity.class, SubscriptionEntity.class, PushHintEntity.class, MessageEntity.class,
            MessageAddressEntity.class, AttachmentEntity.class, SyncStateEntity.class, SyncBackoffEntity.class,
            BackfillEntity.class, InstantConverter.class,
            // workspace email (Resend) and open tracking
            WorkspaceSenderEntity.class, WorkspaceDomainEntity.class, WorkspaceRateEntity.class,
            DeliveryEventEntity.class, DeliveryStatusEntity.class, TrackingPixelEntity.class, OpenEntity.class,
            // sending: queue, signatures, sender choices
            OutboundEntity.class, SignatureEntity.class, SenderChoiceEntity.class);

    /** Store configuration. */
    @ObjectClassDefinition(name = "Workestra Email store",
            description = "Where the email integration keeps its data: the host DataSource it uses.")
    public @interface Config {

        /** Target filter of the DataSource reference. */
        @AttributeDefinition(name = "DataSource filter",
                description = "LDAP filter selecting the host's javax.sql.DataSource service.")
        String dataSource_target() default "(dataSourceName=workestra)";

        /** Vault keys (a leading dot in the key keeps it out of the service properties). */
        @AttributeDefinition(name = "Vault keys", type = AttributeType.PASSWORD, required = false,
                description = "AES-256 keys sealing OAuth tokens: id:base64 entries, comma-separated. Use this or"
                        + " a key file.")
        String _vault_keys() default "";

        /** Vault key file. */
        @AttributeDefinition(name = "Vault key file", required = false,
                description = "File with one id:base64 key per line (instead of the keys attribute). With neither"
                        + " set, etc/" + GeneratedKeyFile.FILE_NAME + " is generated on first start and used.")
        String vault_keyFile() default "";

        /** Active vault key. */
        @AttributeDefinition(name = "Active vault key id",
                description = "Key id used for new encryptions; older keys stay readable for rotation.")
        String vault_activeKeyId() default "k1";

        /** Node id. */
        @AttributeDefinition(name = "Node id",
                description = "Name of this node in the shared database; empty uses the Karaf instance name.")
        String nodeId() default "";
    }

    private final DataSource dataSource;
    private final Migrations migrations;
    private final EntityManagerFactory emf;
    private final ServiceRegistration<HealthContributor> migrationsHealth;
    private final ServiceRegistration<ConnectionStore> connectionStore;
    private final ServiceRegistration<HealthContributor> vaultHealth;
    private final ServiceRegistration<Runnable> rotationJob;
    private final ServiceRegistration<Runnable> searchIndexJob;
    private final ServiceRegistration<PushStore> pushStore;
    private final ServiceRegistration<MessageStore> messageStore;
    private final ServiceRegistration<BackfillStore> backfillStore;
    private final ServiceRegistration<Leases> leases;
    private final ServiceRegistration<JobCursors> jobCursors;
    private final ServiceRegistration<WorkspaceMailStore> workspaceMailStore;
    private final ServiceRegistration<WorkspaceSecrets> workspaceSecrets;
    private final ServiceRegistration<InboxStore> inboxStore;
    private final ServiceRegistration<ReadStateOutbox> readOutbox;
    private final ServiceRegistration<OutboundStore> outboundStore;
    private final ServiceRegistration<LinkStore> linkStore;
    private final NodeRegistry nodes;
    private final String nodeId;

    /** Migrates, then opens the persistence unit. */
    @Activate
    public JpaStore(@Reference(name = "dataSource", target = "(dataSourceName=workestra)") DataSource dataSource, Config config, BundleContext context) {
        this.dataSource = dataSource;
        ClassLoader loader = JpaStore.class.getClassLoader();
        this.migrations = new Migrations(dataSource, CHANGELOG, loader);
        migrations.update();
        this.emf = PersistenceUnitFactory.create(dataSource, ENTITIES);
        this.nodes = new NodeRegistry(emf);
        String configured = config.nodeId();
        this.nodeId = configured == null || configured.isBlank()
                ? System.getProperty("karaf.name", "node") : configured;
        nodes.register(nodeId, String.valueOf(context.getBundle().getVersion()), Instant.now());
        this.migrationsHealth = context.registerService(HealthContributor.class, new MigrationsHealth(), null);
        TokenVault vault = null;
        String vaultProblem = null;
        Path generatedKeyFile = null;
        try {
            String keyFile = blankToNull(config.vault_keyFile());
            String karafEtc = System.getProperty("karaf.etc");
            if (blankToNull(config._vault_keys()) == null && keyFile == null && karafEtc != null) {
                // nothing configured (a first trial): a key of our own in etc/, as Karaf does for etc/host.key
                generatedKeyFile = Path.of(karafEtc, GeneratedKeyFile.FILE_NAME);
                if (GeneratedKeyFile.ensure(generatedKeyFile, config.vault_activeKeyId().strip(), new SecureRandom())) {
                    LOG.warn("No token vault key configured: generated {}; back it up and give every node on this"
                            + " database the same file (vault.keyFile)", generatedKeyFile);
                }
                keyFile = generatedKeyFile.toString();
            }
            vault = new TokenVault(KeyRing.fromConfiguration(blankToNull(config._vault_keys()), keyFile,
                    config.vault_activeKeyId()));
        } catch (VaultException e) {
            vaultProblem = e.getMessage();
            LOG.error("No usable token vault key, mailboxes cannot be connected: {}", vaultProblem);
        }
        Tx tx = new Tx(emf);
        this.connectionStore = vault == null ? null : context.registerService(ConnectionStore.class,
                new JpaConnectionStore(tx, new VaultSealer(vault)), null);
        this.pushStore = vault == null ? null : context.registerService(PushStore.class,
                new JpaPushStore(tx, new VaultSealer(vault)), null);
        // messages hold no secrets: they are served even without a vault key
        boolean postgres = isPostgres(dataSource);
        JpaMessageStore messageRows = new JpaMessageStore(tx, Clock.systemUTC(), new BulkStatistics(postgres),
                postgres);
        this.messageStore = context.registerService(MessageStore.class, messageRows, null);
        this.backfillStore = context.registerService(BackfillStore.class, new JpaBackfillStore(tx, messageRows),
                null);
        this.leases = context.registerService(Leases.class, new LeaseClaim(tx, ProcessIdentity.of(nodeId),
                isPostgres(dataSource)),
                null);
        this.jobCursors = context.registerService(JobCursors.class, new JpaJobCursors(tx), null);
        // workspace email: its settings hold only sealed secrets; the sealing service needs the vault
        this.workspaceMailStore = context.registerService(WorkspaceMailStore.class, new JpaWorkspaceMailStore(tx),
                null);
        this.workspaceSecrets = vault == null ? null : context.registerService(WorkspaceSecrets.class,
                new SealerWorkspaceSecrets(new VaultSealer(vault)), null);
        this.inboxStore = context.registerService(InboxStore.class, new JdbcInboxStore(dataSource), null);
        this.readOutbox = context.registerService(ReadStateOutbox.class, new JdbcReadOutbox(dataSource), null);
        this.outboundStore = context.registerService(OutboundStore.class, new JpaOutboundStore(tx), null);
        this.linkStore = context.registerService(LinkStore.class, new JpaLinkStore(tx), null);
        this.rotationJob = vault == null ? null : context.registerService(Runnable.class,
                new VaultRotationJob(new VaultRotation(vault, new SealedColumns(tx), 100)), new Hashtable<>(Map.of(
                        "scheduler.name", "workestra-email-vault-rotation",
                        "scheduler.period", 300L,
                        "scheduler.concurrent", Boolean.FALSE)));
        this.searchIndexJob = !isPostgres(dataSource) ? null : context.registerService(Runnable.class,
                new SearchIndexer(dataSource), new Hashtable<>(Map.of(
                        "scheduler.name", "workestra-email-search-index",
                        "scheduler.period", 2L,
                        "scheduler.concurrent", Boolean.FALSE)));
        HealthStatus vaultStatus = vault == null
                ? HealthStatus.down("Token vault not configured: " + vaultProblem)
                : generatedKeyFile == null
                ? HealthStatus.up(Map.of("activeKeyId", vault.activeKeyId()))
                : new HealthStatus(HealthStatus.UP, "No vault key configured: using the key file generated on first"
                        + " start, " + generatedKeyFile + ". Back it up; every node on this database needs the same"
                        + " file (set vault.keyFile).", Map.of("activeKeyId", vault.activeKeyId(),
                                "keyFile", generatedKeyFile.toString(), "generated", true));
        this.vaultHealth = context.registerService(HealthContributor.class, new FixedHealth("vault", vaultStatus),
                null);
        LOG.info("Email store ready on node {}", nodeId);
    }

    /** Closes the persistence unit. */
    @Deactivate
    public void deactivate() {
        if (connectionStore != null) {
            connectionStore.unregister();
        }
        vaultHealth.unregister();
        jobCursors.unregister();
        leases.unregister();
        backfillStore.unregister();
        messageStore.unregister();
        workspaceMailStore.unregister();
        if (workspaceSecrets != null) {
            workspaceSecrets.unregister();
        }
        inboxStore.unregister();
        if (searchIndexJob != null) {
            searchIndexJob.unregister();
        }
        readOutbox.unregister();
        outboundStore.unregister();
        linkStore.unregister();
        if (pushStore != null) {
            pushStore.unregister();
        }
        if (rotationJob != null) {
            rotationJob.unregister();
        }
        migrationsHealth.unregister();
        emf.close();
    }

    /** Whether the DataSource is PostgreSQL (else H2): the lease claim words its insert for it. */
    static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("The database cannot be reached: " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthStatus check() {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(1)) {
                return HealthStatus.down("The database does not answer.");
            }
            DatabaseMetaData meta = c.getMetaData();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("product", meta.getDatabaseProductName());
            details.put("version", meta.getDatabaseProductVersion());
            details.put("node", nodeId);
            details.put("nodes", nodes.nodes());
            return HealthStatus.up(details);
        } catch (SQLException | RuntimeException e) {
            return HealthStatus.down("The database cannot be reached: " + e.getMessage());
        }
    }

    /** A health fact decided at activation. */
    private record FixedHealth(String name, HealthStatus status) implements HealthContributor {
        @Override
        public HealthStatus check() {
            return status;
        }
    }

    /** Reports the applied migrations. */
    private final class MigrationsHealth implements HealthContributor {

        @Override
        public String name() {
            return "migrations";
        }

        @Override
        public HealthStatus check() {
            Map<String, Object> applied = migrations.applied();
            return applied.containsKey("error")
                    ? HealthStatus.down("Migration state unreadable: " + applied.get("error"))
                    : HealthStatus.up(applied);
        }
    }
}
