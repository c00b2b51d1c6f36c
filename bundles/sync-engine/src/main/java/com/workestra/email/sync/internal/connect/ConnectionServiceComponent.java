package com.workestra.email.sync.internal.connect;

import com.workestra.email.api.BackfillService;
import com.workestra.email.api.Caller;
import com.workestra.email.api.ConnectionService;
import com.workestra.email.api.ConnectionView;
import com.workestra.email.api.WebhookIntake;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxAccess;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.PushSubscriptions;
import com.workestra.email.store.BackfillStore;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.Leases;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.PushStore;
import com.workestra.email.sync.internal.sync.BackfillTick;
import com.workestra.email.sync.internal.sync.QuotaLimiters;
import com.workestra.email.sync.internal.backfill.Backfills;
import com.workestra.email.sync.internal.backfill.MailboxLock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** OSGi adapter: the {@link ConnectionLifecycle} on the store and the connector whiteboard, configured by metatype. */
@Component(service = {ConnectionService.class, WebhookIntake.class, BackfillService.class, MailboxAccess.class,
    ConnectionServiceComponent.class},
        configurationPid = ConnectionServiceComponent.PID)
@Designate(ocd = ConnectionServiceComponent.Config.class)
public class ConnectionServiceComponent implements ConnectionService, WebhookIntake, BackfillService, MailboxAccess {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.sync";

    /** Connection settings. */
    @ObjectClassDefinition(name = "Workestra Email connections",
            description = "How users connect mailboxes: the public address of this host and the health thresholds.")
    public @interface Config {

        /** Public base URL. */
        @AttributeDefinition(name = "Public base URL",
                description = "How browsers and providers reach this host; OAuth redirect URIs are built on it"
                        + " ({publicBaseUrl}/email/v1/oauth/{provider}/callback).")
        String publicBaseUrl() default "http://127.0.0.1:8181";

        /** Stale threshold. */
        @AttributeDefinition(name = "Stale after (hours)",
                description = "A connection whose last successful sync is older than this shows the stale badge.")
        int staleAfterHours() default 25;

        /** First sync window. */
        @AttributeDefinition(name = "First sync (days)",
                description = "How many days of mail the first sync of a new connection imports (backfill beyond"
                        + " that is a separate, user-started operation).")
        int initialSyncDays() default 30;

        /** State lifetime. */
        @AttributeDefinition(name = "Sign-in validity (minutes)",
                description = "How long a started connection (OAuth state) stays valid.")
        int stateTtlMinutes() default 10;

        /** Quota pacing. */
        @AttributeDefinition(name = "Pace below provider quotas",
                description = "Paces each mailbox below its provider's published quota (Gmail 250 units/s, Graph"
                        + " 10 000 requests/10 min). Turn off only where the provider granted a higher quota.")
        boolean quotaPacing() default true;
    }

    private final Map<String, MailConnector> connectors = new ConcurrentHashMap<>();
    private final Map<String, PushSubscriptions> pushers = new ConcurrentHashMap<>();
    private final Map<String, MailboxOperations> operations = new ConcurrentHashMap<>();
    private final ConnectionStore store;
    private final PushStore pushStore;
    private volatile ConnectionLifecycle lifecycle;
    private volatile PushManager push;
    private volatile MessageStore messages;
    private volatile BackfillStore backfillStore;
    private volatile Leases leases;
    private volatile Backfills backfills;
    private volatile TokenAccess tokens;
    private volatile QuotaLimiters limiters;
    private volatile MailboxLock lock;

    /** Builds the lifecycle. */
    @Activate
    public ConnectionServiceComponent(@Reference ConnectionStore store, @Reference PushStore pushStore,
            Config config) {
        this.store = store;
        this.pushStore = pushStore;
        modified(config);
    }

    /** Applies a configuration change. */
    @Modified
    void modified(Config config) {
        Clock clock = Clock.systemUTC();
        URI base = URI.create(config.publicBaseUrl());
        OAuthClient oauth = new OAuthClient();
        TokenAccess tokens = new TokenAccess(store, oauth, clock);
        this.tokens = tokens;
        PushManager pm = new PushManager(pushStore, pushers::get, connectors::get, tokens, base, clock);
        this.push = pm;
        MailboxLock lock = new MailboxLock(() -> leases, clock);
        this.lock = lock;
        // one pacing per mailbox for sync rounds and backfill slices alike
        QuotaLimiters limiters = new QuotaLimiters(config.quotaPacing());
        this.limiters = limiters;
        this.backfills = new Backfills(new Backfills.Wiring(store, () -> backfillStore, () -> messages,
                connectors::get, operations::get, tokens, lock, BackfillTick.PERIOD_SECONDS, limiters), clock);
        this.lifecycle = new ConnectionLifecycle(store, connectors::get, new ConnectionLifecycle.Settings(base,
                Duration.ofHours(config.staleAfterHours()), Duration.ofMinutes(config.stateTtlMinutes()),
                Duration.ofDays(config.initialSyncDays())), clock, oauth, tokens, pm, operations::get,
                () -> messages, lock, () -> backfills, limiters);
    }

    /** Uses the message store once it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMessages(MessageStore store) {
        this.messages = store;
    }

    /** Stops using the message store. */
    void unbindMessages(MessageStore store) {
        if (this.messages == store) {
            this.messages = null;
        }
    }

    /** Uses the backfill jobs once the store provides them. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBackfillStore(BackfillStore store) {
        this.backfillStore = store;
    }

    /** Stops using the backfill jobs. */
    void unbindBackfillStore(BackfillStore store) {
        if (this.backfillStore == store) {
            this.backfillStore = null;
        }
    }

    /** Uses the database leases once the store provides them. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLeases(Leases l) {
        this.leases = l;
    }

    /** Stops using the database leases. */
    void unbindLeases(Leases l) {
        if (this.leases == l) {
            this.leases = null;
        }
    }

    /** The mailbox leases of this node, for work outside sync rounds and backfills (the address repair). */
    public MailboxLock lock() {
        return lock;
    }

    /** Backfills, for the scheduler tick and the shell command. */
    public Backfills backfills() {
        return backfills;
    }

    @Override
    public Preview preview(Caller caller, String connectionId, String range) {
        return backfills.preview(caller, connectionId, range);
    }

    @Override
    public ConnectionView.BackfillView start(Caller caller, String connectionId, String range) {
        return backfills.start(caller, connectionId, range);
    }

    @Override
    public ConnectionView.BackfillView transition(Caller caller, String connectionId, String action) {
        return backfills.transition(caller, connectionId, action);
    }

    @Override
    public ConnectionView.BackfillView current(Caller caller, String connectionId) {
        return backfills.current(caller, connectionId);
    }

    /** Tracks a provider's mail operations. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addOperations(MailboxOperations ops, Map<String, Object> props) {
        operations.put(String.valueOf(props.get(MailConnector.PROVIDER_PROPERTY)), ops);
    }

    /** Forgets a provider's mail operations. */
    void removeOperations(MailboxOperations ops, Map<String, Object> props) {
        operations.remove(String.valueOf(props.get(MailConnector.PROVIDER_PROPERTY)), ops);
    }

    @Override
    public ConnectionView addSharedMailbox(Caller caller, String delegateId, String address) {
        return lifecycle.addSharedMailbox(caller, delegateId, address);
    }

    /** Tracks a provider's push subscriptions. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPusher(PushSubscriptions pusher, Map<String, Object> props) {
        pushers.put(String.valueOf(props.get(MailConnector.PROVIDER_PROPERTY)), pusher);
    }

    /** Forgets a provider's push subscriptions. */
    void removePusher(PushSubscriptions pusher, Map<String, Object> props) {
        pushers.remove(String.valueOf(props.get(MailConnector.PROVIDER_PROPERTY)), pusher);
    }

    @Override
    public int accept(String provider, List<Notification> notifications) {
        return push.accept(provider, notifications);
    }

    /** Tracks a connector. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addConnector(MailConnector connector) {
        connectors.put(connector.provider(), connector);
    }

    /** Forgets a connector. */
    void removeConnector(MailConnector connector) {
        connectors.remove(connector.provider(), connector);
    }

    /** Failed and set-aside messages (most recent first), for operators; empty without message storage. */
    public List<MessageStore.MessageFailure> messageFailures(int limit) {
        MessageStore m = messages;
        return m == null ? List.of() : m.failures(limit);
    }

    /** Push subscriptions, for the sync tick and the daily job. */
    public PushManager push() {
        return push;
    }

    /** The per-mailbox quota pacing shared by sync rounds, backfill slices and read-state pushes. */
    public QuotaLimiters limiters() {
        return limiters;
    }

    /** Valid access tokens (refreshed under the store's lock), for jobs that call the provider. */
    public TokenAccess tokens() {
        return tokens;
    }

    /** The connector of a provider, or null when it is not running. */
    public MailConnector connector(String provider) {
        return connectors.get(provider);
    }

    /** The mail operations of a provider, or null when they are not running. */
    public MailboxOperations operations(String provider) {
        return operations.get(provider);
    }

    /** The lifecycle, for the shell commands and the sync engine. */
    public ConnectionLifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public List<ConnectionView> list(Caller caller, String provider) {
        return lifecycle.list(caller, provider);
    }

    @Override
    public ConnectionView get(Caller caller, String id) {
        return lifecycle.get(caller, id);
    }

    @Override
    public AuthorizationStart authorize(Caller caller, String provider, AuthorizeRequest request) {
        return lifecycle.authorize(caller, provider, request);
    }

    @Override
    public CallbackOutcome complete(String provider, String code, String state, String error,
            String errorDescription, String browserKey) {
        return lifecycle.complete(provider, code, state, error, errorDescription, browserKey);
    }

    @Override
    public SyncResult syncNow(Caller caller, String id) {
        return lifecycle.syncNow(caller, id);
    }

    @Override
    public void disconnect(Caller caller, String id) {
        lifecycle.disconnect(caller, id);
    }

    @Override
    public ConnectionView setIntake(Caller caller, String id, String module) {
        return lifecycle.setIntake(caller, id, module);
    }
    @Override
    public MailboxRef open(String connectionId, String rejectedToken) throws ProviderException {
        ConnectionRecord c = store.find(connectionId).filter(ConnectionRecord::active).orElseThrow(
                () -> new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                        "This mailbox is disconnected. Connect it again to send from it.", null));
        MailConnector connector = connectors.get(c.provider());
        if (connector == null) {
            throw new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                    "The " + c.provider() + " connector is not running on this server.", null);
        }
        String grant = c.delegatedBy() != null ? c.delegatedBy() : c.id();
        TokenAccess access = tokens;
        String token = rejectedToken == null ? access.accessToken(grant, connector)
                : access.afterRejection(grant, connector, rejectedToken);
        return new MailboxRef(c.id(), c.address(), "shared".equals(c.kind()), token);
    }
}
