package com.workestra.email.sync.internal.connect;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.api.ConnectionService;
import com.workestra.email.api.ConnectionView;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.MessageStore;
import com.workestra.email.sync.internal.backfill.Backfills;
import com.workestra.email.sync.internal.backfill.MailboxLock;
import com.workestra.email.sync.internal.mime.MimeLimits;
import com.workestra.email.sync.internal.sync.MailboxSync;
import com.workestra.email.sync.internal.sync.MessageMapper;
import com.workestra.email.sync.internal.sync.QuotaLimiters;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.OAuthState;
import com.workestra.email.store.TokenSet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connect, reconnect, check and disconnect mailboxes (API.md "Connections"), host-neutral. */
public final class ConnectionLifecycle implements ConnectionService {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLifecycle.class);
    private static final Set<String> PROVIDERS = Set.of("gmail", "outlook");
    private static final Set<String> MODULES = Set.of("support", "recruiting");
    private static final int FAILURES_BEFORE_ERROR = 3;
    private static final Duration BACKOFF_BASE = Duration.ofSeconds(30);
    private static final Duration BACKOFF_MAX = Duration.ofMinutes(30);
    /** Least extra scopes for shared mailboxes, asked only when the user wants them. */
    static final List<String> SHARED_SCOPES = List.of("Mail.ReadWrite.Shared", "Mail.Send.Shared");
    /** How long a node may hold a mailbox for one sync round before another node may take it over. */
    static final Duration ROUND_LEASE = Duration.ofMinutes(10);
    /** Code of a round that did not run because another node holds the mailbox. */
    public static final String BUSY = "mailbox_busy";
    /** How long Sync now waits for a round or backfill page this node is running on the mailbox. */
    static final Duration SYNC_NOW_WAIT = Duration.ofSeconds(10);
    /** Code of a Sync now refused because the mailbox stayed busy for {@link #SYNC_NOW_WAIT}. */
    public static final String SYNC_IN_PROGRESS = "sync_in_progress";
    /** Code of a callback reached in another browser than the one that started the flow. */
    public static final String BROWSER_MISMATCH = "browser_mismatch";

    /**
     * Settings of the lifecycle.
     *
     * @param publicBaseUrl how browsers and providers reach this host, e.g. {@code https://app.example.com}
     * @param staleAfter the stale badge threshold
     * @param stateTtl how long a started authorization stays valid
     * @param initialWindow how far back the first sync (and a re-list after an expired cursor) imports mail
     */
    public record Settings(URI publicBaseUrl, Duration staleAfter, Duration stateTtl, Duration initialWindow) {
    }

    private final ConnectionStore store;
    private final Function<String, MailConnector> connectors;
    private final Settings settings;
    private final Clock clock;
    private final OAuthClient oauth;
    private final TokenAccess tokens;
    private final ConnectionHooks hooks;
    private final Function<String, MailboxOperations> operations;
    private final Supplier<MessageStore> messages;
    private final QuotaLimiters limiters;
    private final MailboxLock lock;
    private final Supplier<Backfills> backfills;

    /** Creates the lifecycle on the store and the currently registered connectors. */
    ConnectionLifecycle(ConnectionStore store, Function<String, MailConnector> connectors, Settings settings,
            Clock clock, OAuthClient oauth, TokenAccess tokens, ConnectionHooks hooks,
            Function<String, MailboxOperations> operations, Supplier<MessageStore> messages, MailboxLock lock,
            Supplier<Backfills> backfills, QuotaLimiters limiters) {
        this.lock = lock;
        this.backfills = backfills;
        this.operations = operations;
        this.messages = messages;
        this.store = store;
        this.connectors = connectors;
        this.settings = settings;
        this.clock = clock;
        this.oauth = oauth;
        this.tokens = tokens;
        this.hooks = hooks;
        this.limiters = limiters;
    }

    /** Valid access tokens for the sync engine. */
    public TokenAccess tokens() {
        return tokens;
    }

    @Override
    public List<ConnectionView> list(Caller caller, String provider) {
        if (provider != null && !PROVIDERS.contains(provider)) {
            throw ApiException.badRequest("provider", "provider must be gmail or outlook.");
        }
        Instant now = clock.instant();
        return store.list(caller.workspaceId(), caller.userId(), provider).stream()
                .filter(ConnectionRecord::active).map(c -> view(c, now)).toList();
    }

    @Override
    public ConnectionView get(Caller caller, String id) {
        return view(owned(caller, id), clock.instant());
    }

    @Override
    public AuthorizationStart authorize(Caller caller, String provider, AuthorizeRequest request) {
        MailConnector connector = connector(provider);
        ProviderSetup.require(provider, connector.oauth());
        AuthorizeRequest r = request == null ? new AuthorizeRequest(null, null, null, null) : request;
        String hint = r.loginHint();
        if (hint != null && (hint.length() > 320 || hint.chars().anyMatch(ch -> ch < 0x20))) {
            throw ApiException.badRequest("loginHint", "loginHint must be an email address.");
        }
        String redirectAfter = checkRedirect(r.redirectAfter());
        List<String> extraScopes = Boolean.TRUE.equals(r.sharedMailboxes()) && "outlook".equals(provider)
                ? SHARED_SCOPES : List.of();
        // the state is the SHA-256 of a secret only the starting browser keeps (an HttpOnly cookie): whoever else
        // opens the authorization link cannot complete the flow, and no extra column is needed to check it
        String browserKey = new com.nimbusds.oauth2.sdk.id.State(32).getValue();
        OAuthClient.Started started = oauth.start(connector.oauth(), callbackUri(provider),
                new com.nimbusds.oauth2.sdk.id.State(BrowserKeys.stateOf(browserKey)), hint,
                Boolean.TRUE.equals(r.addAnother()), extraScopes);
        store.saveState(started.state(), new OAuthState(caller.workspaceId(), caller.userId(), provider,
                started.codeVerifier(), redirectAfter, clock.instant().plus(settings.stateTtl())));
        return new AuthorizationStart(started.url().toString(), started.state(), browserKey);
    }

    @Override
    public CallbackOutcome complete(String provider, String code, String state, String error,
            String errorDescription, String browserKey) {
        if (!PROVIDERS.contains(provider) || connectors.apply(provider) == null) {
            return failed(null, "unknown_provider", "This sign-in link names an unknown mail provider.");
        }
        Instant now = clock.instant();
        Optional<OAuthState> pending = store.consumeState(state, now);
        if (pending.isEmpty() || !pending.get().provider().equals(provider)) {
            return failed(null, "invalid_state",
                    "This sign-in link has expired or was already used. Start connecting the mailbox again.");
        }
        if (!BrowserKeys.matches(browserKey, state)) {
            // another browser (a colleague given the link) consented: the state is spent, nothing is connected
            LOG.warn("OAuth callback for user {} refused: not the browser that started the flow",
                    pending.get().userId());
            return failed(null, BROWSER_MISMATCH, "Finish connecting the mailbox in the browser where you started"
                    + " it: this sign-in link belongs to another browser. Start connecting the mailbox again.");
        }
        OAuthState st = pending.get();
        if (error != null && !error.isBlank()) {
            ProviderException e = OAuthErrors.map(provider, error, errorDescription, 0, true);
            return failed(st.redirectAfter(), e.code(), e.getMessage());
        }
        if (code == null || code.isBlank() || code.length() > 4096) {
            return failed(st.redirectAfter(), "bad_request", "The provider's answer carried no authorization code.");
        }
        MailConnector connector = connectors.apply(provider);
        try {
            TokenSet granted = oauth.exchange(provider, connector.oauth(), code, callbackUri(provider),
                    st.codeVerifier(), now);
            ProviderAccount account = connector.identify(granted.accessToken());
            ConnectionRecord c = store.connect(new NewConnection(st.workspaceId(), st.userId(), provider,
                    account.accountId(), account.address(), account.displayName(), "personal", null), granted, now);
            boolean reconnected = c.connectedAt().isBefore(now);
            runHook(() -> hooks.connected(c), c.id());
            LOG.info("mailbox {}: {} {} for user {}", c.id(), provider, reconnected ? "reconnected" : "connected",
                    st.userId());
            return new CallbackOutcome(view(c, now), reconnected, st.redirectAfter(), null, null);
        } catch (ProviderException e) {
            return failed(st.redirectAfter(), e.code(), e.getMessage());
        }
    }

    @Override
    public SyncResult syncNow(Caller caller, String id) {
        ConnectionRecord c = owned(caller, id);
        long started = System.nanoTime();
        MailboxSync.Outcome[] outcome = {new MailboxSync.Outcome(0, 0, 0)};
        Optional<ProviderException> failure = check(c, o -> outcome[0] = o, SYNC_NOW_WAIT);
        ConnectionRecord after = store.find(id).orElse(c);
        long ms = (System.nanoTime() - started) / 1_000_000;
        ConnectionView.Health health = Badge.of(after, settings.staleAfter(), clock.instant());
        MailboxSync.Outcome o = outcome[0];
        return failure.isEmpty() ? new SyncResult("ok", o.fetched(), o.updated(), o.deleted(), ms, health, null)
                : new SyncResult("error", o.fetched(), o.updated(), o.deleted(), ms, health,
                        failure.get().getMessage());
    }


    /** A sync round (or, without message storage, a grant check), recorded as the connection's last attempt. */
    public Optional<ProviderException> check(ConnectionRecord c, java.util.function.Consumer<MailboxSync.Outcome> done) {
        return check(c, done, null);
    }

    /**
     * As {@link #check(ConnectionRecord, java.util.function.Consumer)}, waiting at most {@code maxWait} (null: as long
     * as it takes) for a round or backfill run this node is doing on the mailbox; after that, 409
     * {@code sync_in_progress} with that work's progress, so callers never pile up behind a busy mailbox.
     */
    Optional<ProviderException> check(ConnectionRecord c, java.util.function.Consumer<MailboxSync.Outcome> done,
            Duration maxWait) {
        // one round per mailbox at a time: on this node (Sync now and the scheduler tick may meet) and across the
        // nodes of the database (the mailbox lease, shared with backfill slices); held elsewhere = skipped
        java.util.concurrent.atomic.AtomicReference<Optional<ProviderException>> result =
                new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
        MailboxLock.Result ran = lock.run(c.id(), ROUND_LEASE, MailboxLock.SYNC, maxWait,
                () -> result.set(checkExclusive(c, done)));
        if (ran == MailboxLock.Result.BUSY_HERE) {
            throw busy(c);
        }
        if (ran == MailboxLock.Result.HELD_ELSEWHERE) {
            LOG.debug("mailbox {}: round skipped, another node is working on it", c.id());
            // not recorded as an attempt: the other node's round is
            return Optional.of(new ProviderException.Transient(BUSY,
                    "Another server is syncing this mailbox right now; try again in a moment.", null));
        }
        return result.get();
    }

    /** 409 with what holds the mailbox: a round or a backfill run, since when, its pages and the backfill's state. */
    private ApiException busy(ConnectionRecord c) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        lock.activity(c.id()).ifPresent(a -> {
            details.put("running", a.work());
            details.put("startedAt", a.since().toString());
            details.put("pages", a.pages());
        });
        ConnectionView.BackfillView b = backfill(c);
        if (b != null && "running".equals(b.state())) {
            details.put("backfill", b);
        }
        details.put("retryAfter", (int) SYNC_NOW_WAIT.toSeconds());
        return new ApiException(409, SYNC_IN_PROGRESS, "This mailbox is syncing right now; its progress is in the"
                + " details. Try again in a moment.", details);
    }

    private Optional<ProviderException> checkExclusive(ConnectionRecord c,
            java.util.function.Consumer<MailboxSync.Outcome> done) {
        MailConnector connector = connectors.apply(c.provider());
        Instant now = clock.instant();
        try {
            if (connector == null) {
                throw new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                        "The " + c.provider() + " connector is not running on this server.", null);
            }
            String grant = c.delegatedBy() != null ? c.delegatedBy() : c.id();
            String token = tokens.accessToken(grant, connector);
            try {
                done.accept(work(c, connector, token));
            } catch (ProviderException.Authorization e) {
                if (!ProviderException.TOKEN_EXPIRED.equals(e.code())) {
                    throw e;
                }
                done.accept(work(c, connector, tokens.afterRejection(grant, connector, token)));
            }
            store.recordAttempt(c.id(), now, null, null);
            return Optional.empty();
        } catch (ProviderException.RateLimited e) {
            // the provider (or our pacing below its quota) asked to wait: not a failure, the badge keeps its state
            LOG.debug("mailbox {}: rate limited, next round in {} s", c.id(), e.retryAfter().toSeconds());
            store.defer(c.id(), now, now.plus(e.retryAfter()), e.code(), false);
            return Optional.of(e);
        } catch (ProviderException.Transient e) {
            if (MailboxSync.LEASE_LOST.equals(e.code())) {
                // another node took the mailbox over: its round is the attempt, not a failure of this one
                return Optional.of(e);
            }
            return Optional.of(transientFailure(c, now, e));
        } catch (ProviderException e) {
            LOG.warn("mailbox {}: check failed: {}", c.id(), e.code());
            store.recordAttempt(c.id(), now, e.code(), e.getMessage());
            return Optional.of(e);
        } catch (RuntimeException e) {
            // storage or parsing trouble: recorded for the badge, retried by the next round; the text may quote data
            LOG.warn("mailbox {}: sync round failed: {}", c.id(), e.getClass().getName());
            return Optional.of(transientFailure(c, now, new ProviderException.Transient(
                    ProviderException.CONNECTION_FAILED,
                    "The sync failed unexpectedly; Workestra retries it automatically.", null)));
        }
    }

    /**
     * A transient failure: the mailbox is retried with exponential backoff and full jitter (30 s doubling up to 30
     * minutes); the badge turns to error only when {@link #FAILURES_BEFORE_ERROR} rounds in a row failed, so a
     * passing provider hiccup does not alarm anyone.
     */
    private ProviderException transientFailure(ConnectionRecord c, Instant now, ProviderException.Transient e) {
        int failures = store.defer(c.id(), now, now, e.code(), true);
        long ceiling = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(failures - 1, 16));
        long wait = java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        store.defer(c.id(), now, now.plusMillis(wait), e.code(), false);
        LOG.warn("mailbox {}: transient failure {} ({} in a row), retry in {} s", c.id(), e.code(), failures,
                wait / 1000);
        if (failures >= FAILURES_BEFORE_ERROR) {
            store.recordAttempt(c.id(), now, e.code(), e.getMessage());
        }
        return e;
    }

    /** Syncs the mailbox when messages can be stored and the connector has mail operations, else probes it. */
    private MailboxSync.Outcome work(ConnectionRecord c, MailConnector connector, String token)
            throws ProviderException {
        MailboxOperations ops = operations.apply(c.provider());
        MessageStore store = messages.get();
        if (ops == null || store == null) {
            probe(c, connector, token);
            return new MailboxSync.Outcome(0, 0, 0);
        }
        Backfills b = backfills.get();
        boolean first = b != null && b.none(c.id()) && store.cursor(c.id()).isEmpty();
        Instant since = clock.instant().minus(settings.initialWindow());
        MailboxSync.Outcome outcome = new MailboxSync(store, new MessageMapper(MimeLimits.DEFAULTS), clock,
                settings.initialWindow(), limiters)
                .run(c.provider(), ops, new MailboxRef(c.id(), c.address(), "shared".equals(c.kind()), token),
                        () -> lock.renew(c.id(), ROUND_LEASE));
        if (first) {
            // the first round imported the default range (30 days): it is the connection's first backfill
            long days = settings.initialWindow().toDays();
            b.recordFirstSync(c, days <= 30 ? "30d" : days <= 90 ? "90d" : days <= 366 ? "12m" : "all", since);
        }
        return outcome;
    }

    /** A cheap call proving the grant reaches the mailbox: identity, or one listing entry of a shared mailbox. */
    private void probe(ConnectionRecord c, MailConnector connector, String token) throws ProviderException {
        if ("shared".equals(c.kind())) {
            MailboxOperations ops = operations.apply(c.provider());
            if (ops == null) {
                throw new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                        "The " + c.provider() + " connector cannot open shared mailboxes on this server.", null);
            }
            ops.list(new MailboxRef(c.id(), c.address(), true, token), "inbox", null, null, 1);
        } else {
            connector.identify(token);
        }
    }

    @Override
    public ConnectionView addSharedMailbox(Caller caller, String delegateId, String address) {
        ConnectionRecord delegate = owned(caller, delegateId);
        String a = address == null ? "" : address.trim().toLowerCase(java.util.Locale.ROOT);
        if (!a.matches("[^@\\s<>,;\"]{1,64}@[^@\\s<>,;\"]{1,255}\\.[a-z0-9-]{2,63}")) {
            throw ApiException.badRequest("address", "address must be the shared mailbox's email address.");
        }
        if (!"outlook".equals(delegate.provider()) || !"personal".equals(delegate.kind())) {
            throw new ApiException(422, "not_supported",
                    "Shared mailboxes are opened through a personal Microsoft 365 connection.", Map.of());
        }
        if (a.equalsIgnoreCase(delegate.address())) {
            throw ApiException.badRequest("address", "This is the connected mailbox itself, not a shared one.");
        }
        ConnectionRecord probeRecord = new ConnectionRecord("new", delegate.workspaceId(), delegate.userId(),
                "outlook", a, a, null, "shared", delegate.id(), null, ConnectionRecord.ACTIVE, clock.instant(), null,
                null, null, null, null);
        MailConnector connector = connector("outlook");
        try {
            String token = tokens.accessToken(delegate.id(), connector);
            probe(probeRecord, connector, token);
        } catch (ProviderException e) {
            int status = e instanceof ProviderException.RateLimited ? 429
                    : e instanceof ProviderException.Transient ? 503 : 422;
            String message = ProviderException.PERMISSION_DENIED.equals(e.code())
                    ? "Microsoft 365 refused access to " + a + ". Ask its owner or an administrator to give you"
                            + " full access to this shared mailbox, and connect this account with shared mailboxes"
                            + " enabled (sharedMailboxes), then try again."
                    : e.getMessage();
            throw new ApiException(status, e.code(), message, Map.of("field", "address"));
        }
        ConnectionRecord shared = store.connect(new NewConnection(delegate.workspaceId(), delegate.userId(), "outlook",
                a, a, null, "shared", delegate.id()), null, clock.instant());
        LOG.info("mailbox {}: shared mailbox added through {}", shared.id(), delegate.id());
        return view(shared, clock.instant());
    }

    @Override
    public void disconnect(Caller caller, String id) {
        disconnect(owned(caller, id));
    }

    /** Admin disconnect (Karaf shell): any active connection by id. */
    public boolean disconnect(String id) {
        Optional<ConnectionRecord> c = store.find(id).filter(ConnectionRecord::active);
        c.ifPresent(this::disconnect);
        return c.isPresent();
    }

    /** Every connection with its badge, for admins. */
    public List<Map.Entry<ConnectionRecord, ConnectionView.Health>> overview() {
        Instant now = clock.instant();
        return store.all().stream()
                .map(c -> Map.entry(c, Badge.of(c, settings.staleAfter(), now))).toList();
    }

    private void disconnect(ConnectionRecord c) {
        String id = c.id();
        Instant now = clock.instant();
        for (ConnectionRecord shared : store.list(c.workspaceId(), c.userId(), c.provider())) {
            if (id.equals(shared.delegatedBy()) && shared.active()) {
                store.disconnect(shared.id(), now);
            }
        }
        runHook(() -> hooks.disconnecting(c), id);
        MailConnector connector = connectors.apply(c.provider());
        if (connector != null) {
            store.tokens(id).ifPresent(t -> {
                boolean revoked = oauth.revoke(connector.oauth(), t.refreshToken() != null ? t.refreshToken()
                        : t.accessToken());
                LOG.debug("mailbox {}: provider revocation {}", id, revoked ? "done" : "not available");
            });
        }
        store.disconnect(id, now);
        LOG.info("mailbox {}: disconnected (mail kept)", id);
    }

    @Override
    public ConnectionView setIntake(Caller caller, String id, String module) {
        if (module != null && !MODULES.contains(module)) {
            throw ApiException.badRequest("module", "module must be support, recruiting or null.");
        }
        owned(caller, id);
        store.setIntake(id, module);
        return get(caller, id);
    }

    /** The view of a stored connection with its counts and its current or last backfill. */
    ConnectionView view(ConnectionRecord c, Instant now) {
        MessageStore store = messages.get();
        MessageStore.Counts n = store == null ? new MessageStore.Counts(0, 0, 0) : store.counts(c.id());
        return new ConnectionView(c.id(), c.provider(), c.address(), c.displayName(), c.kind(), c.delegatedBy(),
                c.intakeModule(), new ConnectionView.Counts(n.messages(), n.unread(), n.sent()),
                Badge.of(c, settings.staleAfter(), now), backfill(c), c.connectedAt(), c.visibility());
    }

    private ConnectionView.BackfillView backfill(ConnectionRecord c) {
        Backfills b = backfills.get();
        return b == null ? null : b.current(c).orElse(null);
    }

    private ConnectionRecord owned(Caller caller, String id) {
        if (id == null || id.length() > 64) {
            throw ApiException.notFound("The connection");
        }
        return store.find(id)
                .filter(c -> c.workspaceId().equals(caller.workspaceId()) && c.userId().equals(caller.userId()))
                .filter(ConnectionRecord::active)
                .orElseThrow(() -> ApiException.notFound("The connection"));
    }

    private MailConnector connector(String provider) {
        if (provider == null || !PROVIDERS.contains(provider)) {
            throw ApiException.badRequest("provider", "provider must be gmail or outlook.");
        }
        MailConnector c = connectors.apply(provider);
        if (c == null) {
            throw new ApiException(503, ProviderException.PROVIDER_UNAVAILABLE,
                    "The " + provider + " connector is not running on this server.", Map.of());
        }
        return c;
    }

    URI callbackUri(String provider) {
        String base = settings.publicBaseUrl().toString().replaceAll("/+$", "");
        return URI.create(base + "/email/v1/oauth/" + provider + "/callback");
    }

    /** Only relative paths or this host's own origin: never an open redirect. */
    private String checkRedirect(String redirectAfter) {
        if (redirectAfter == null || redirectAfter.isBlank()) {
            return null;
        }
        String r = redirectAfter.trim();
        boolean relative = r.startsWith("/") && !r.startsWith("//") && !r.contains("\\");
        String origin = settings.publicBaseUrl().getScheme() + "://" + settings.publicBaseUrl().getRawAuthority();
        boolean sameOrigin = r.equals(origin) || r.startsWith(origin + "/");
        if (r.length() > 2000 || r.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e) || !(relative || sameOrigin)
                || !isUri(r + (r.contains("?") ? "&" : "?") + "connection=x&status=connected")) {
            throw ApiException.badRequest("redirectAfter",
                    "redirectAfter must be a path of this site (for example /settings/integrations).");
        }
        return r;
    }

    /** Whether the callback's redirect (redirectAfter and our query) is a valid URI reference. */
    private static boolean isUri(String s) {
        try {
            new URI(s);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static void runHook(Runnable hook, String id) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.warn("mailbox {}: connection hook failed: {}", id, e.toString());
        }
    }

    private static CallbackOutcome failed(String redirectAfter, String code, String message) {
        return new CallbackOutcome(null, false, redirectAfter, code, message);
    }
}
