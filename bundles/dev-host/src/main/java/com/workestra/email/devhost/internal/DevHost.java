package com.workestra.email.devhost.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.spi.CrmDirectory;
import com.workestra.email.spi.DirectoryListener;
import com.workestra.email.spi.HostPerson;
import com.workestra.email.spi.IdentityProvider;
import com.workestra.email.spi.RecruitingDirectory;
import com.workestra.email.spi.SupportDesk;
import com.workestra.email.store.migrate.Migrations;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference host of the dev distribution: implements the host SPI (identity, CRM, support, recruiting) on its
 * own tables and reports record changes to the plugin's {@link DirectoryListener}s as a real host would.
 */
@Component(service = {DevHost.class, IdentityProvider.class, CrmDirectory.class, SupportDesk.class,
    RecruitingDirectory.class}, immediate = true, configurationPid = DevHost.PID)
@Designate(ocd = DevHost.Config.class)
public class DevHost implements IdentityProvider, CrmDirectory, SupportDesk, RecruitingDirectory {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.devhost";

    private static final Logger LOG = LoggerFactory.getLogger(DevHost.class);

    /** Dev host configuration. */
    @ObjectClassDefinition(name = "Workestra dev host",
            description = "Reference host for demos and tests: users, bearer tokens and module records.")
    public @interface Config {

        /** Workspace of the configured users. */
        @AttributeDefinition(name = "Workspace", description = "Workspace id of the demo users.")
        String workspaceId() default "demo";

        /** Demo user's token. */
        @AttributeDefinition(name = "Demo token", type = AttributeType.PASSWORD,
                description = "Bearer token of the demo user; stored hashed. Empty disables the demo user.")
        String _demo_token() default "";

        /** Demo user's address. */
        @AttributeDefinition(name = "Demo address", description = "The demo user's email address.")
        String demo_email() default "demo@workestra.test";

        /** Further users. */
        @AttributeDefinition(name = "Users", type = AttributeType.PASSWORD,
                description = "Comma-separated userId|email|name|token[|workspace[|admin]] entries.")
        String _users() default "";

        /** Target filter of the DataSource reference. */
        @AttributeDefinition(name = "DataSource filter", description = "LDAP filter of the host DataSource.")
        String dataSource_target() default "(dataSourceName=workestra)";
    }

    private final DevHostTables tables;
    private final List<DirectoryListener> listeners = new CopyOnWriteArrayList<>();

    /** Migrates the dev host tables and loads the configured users. */
    @Activate
    public DevHost(@Reference(name = "dataSource", target = "(dataSourceName=workestra)") DataSource dataSource,
            Config config) throws SQLException {
        // own history and lock tables: the store migrates the same database at the same moment
        new Migrations(dataSource, "db/changelog/devhost.xml", DevHost.class.getClassLoader(), "devhost_").update();
        this.tables = new DevHostTables(dataSource);
        List<DevUser> users = new ArrayList<>(DevUser.parse(config._users(), config.workspaceId()));
        if (!config._demo_token().isBlank()) {
            users.add(new DevUser("demo", config.workspaceId(), config.demo_email().toLowerCase(), "Demo User",
                    config._demo_token(), true));
        }
        tables.syncUsers(users);
        LOG.info("Dev host ready with {} user(s) in workspace {}", users.size(), config.workspaceId());
    }

    /** Tracks a plugin listener. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(DirectoryListener listener) {
        listeners.add(listener);
    }

    /** Forgets a plugin listener. */
    void removeListener(DirectoryListener listener) {
        listeners.remove(listener);
    }

    DevHostTables tables() {
        return tables;
    }

    /** Reports a created or changed record to the plugin. */
    void changed(String workspaceId, DevRecord record) {
        HostPerson person = record.toPerson(workspaceId);
        for (DirectoryListener l : listeners) {
            try {
                l.addressesChanged(person);
            } catch (RuntimeException e) {
                LOG.warn("A directory listener failed on record {}: {}", record.id(), e.toString());
            }
        }
    }

    @Override
    public Optional<Caller> authenticate(String bearerToken) {
        try {
            return tables.authenticate(bearerToken);
        } catch (SQLException e) {
            LOG.warn("Dev host cannot check a token: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Name of the dev host's session cookie. */
    static final String SESSION_COOKIE = "workestra_session";

    @Override
    public String sessionCookieName() {
        return SESSION_COOKIE;
    }

    @Override
    public Optional<Caller> authenticateSession(String sessionId) {
        try {
            return tables.session(sessionId, java.time.Instant.now());
        } catch (SQLException e) {
            LOG.warn("Dev host cannot check a session: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<HostPerson> contactsByEmail(String workspaceId, List<String> emails) {
        return persons(workspaceId, "contact", emails);
    }

    @Override
    public List<HostPerson> dealsOfContact(String workspaceId, String contactId) {
        try {
            return tables.referencing(workspaceId, "deal", contactId).stream()
                    .map(r -> r.toPerson(workspaceId)).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("Dev host lookup failed", e);
        }
    }

    @Override
    public List<HostPerson> ticketsByRequester(String workspaceId, List<String> emails) {
        return persons(workspaceId, "ticket", emails);
    }

    @Override
    public HostPerson createTicket(String workspaceId, String requesterEmail, String requesterName,
            String subject) {
        try {
            DevRecord r = tables.create(workspaceId, "support", "ticket", requesterName, subject,
                    List.of(requesterEmail), List.of());
            return r.toPerson(workspaceId);
        } catch (SQLException e) {
            throw new IllegalStateException("Dev host cannot create a ticket", e);
        }
    }

    @Override
    public Optional<HostPerson> ticket(String workspaceId, String ticketId) {
        try {
            return tables.find(workspaceId, "ticket", ticketId).map(r -> r.toPerson(workspaceId));
        } catch (SQLException e) {
            throw new IllegalStateException("Dev host lookup failed", e);
        }
    }

    @Override
    public List<HostPerson> candidatesByEmail(String workspaceId, List<String> emails) {
        return persons(workspaceId, "candidate", emails);
    }

    @Override
    public HostPerson applyByEmail(String workspaceId, String email, String name, String subject) {
        List<HostPerson> known = candidatesByEmail(workspaceId, List.of(email));
        if (!known.isEmpty()) {
            return known.get(0);
        }
        try {
            return tables.create(workspaceId, "recruiting", "candidate", name, subject, List.of(email), List.of())
                    .toPerson(workspaceId);
        } catch (SQLException e) {
            throw new IllegalStateException("Dev host cannot create a candidate", e);
        }
    }

    private List<HostPerson> persons(String workspaceId, String type, List<String> emails) {
        try {
            return tables.byEmails(workspaceId, type, emails).stream().map(r -> r.toPerson(workspaceId)).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("Dev host lookup failed", e);
        }
    }
}
