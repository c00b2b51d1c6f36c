package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.workestra.email.spi.ChangePage;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.OAuthClientSettings;
import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.RemoteMessage;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.spi.PushSubscriptions;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Microsoft 365 connector: Microsoft identity platform v2.0 for the grant, Microsoft Graph for the mailbox (list,
 * {@code $batch} fetch of raw MIME, delta, read state, MIME sendMail, change-notification subscriptions).
 */
@Component(service = {MailConnector.class, MailboxOperations.class, PushSubscriptions.class},
        property = MailConnector.PROVIDER_PROPERTY + "=outlook", configurationPid = OutlookConnector.PID)
@Designate(ocd = OutlookConnector.Config.class)
public class OutlookConnector implements MailConnector, MailboxOperations, PushSubscriptions {

    /** Configuration PID ({@code etc/com.workestra.email.connector.outlook.cfg}). */
    public static final String PID = "com.workestra.email.connector.outlook";

    private static final Logger LOG = LoggerFactory.getLogger(OutlookConnector.class);
    private static final ProviderQuota QUOTA = new ProviderQuota(10_000, Duration.ofMinutes(10), 1, 1, 1, 2, 1, 20);
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

    /** The connector's configuration. */
    @ObjectClassDefinition(name = "Workestra Email - Outlook connector",
            description = "Microsoft 365 mailboxes through the Microsoft identity platform and Microsoft Graph.")
    public @interface Config {

        /** The Entra ID application (client) id. */
        @AttributeDefinition(name = "Application (client) id",
                description = "Client id of the app registration in Microsoft Entra ID.")
        String clientId() default "";

        /** The client secret, or empty for a public client (a leading dot keeps it out of service properties). */
        @AttributeDefinition(name = "Client secret", type = AttributeType.PASSWORD,
                description = "Client secret of the app registration; empty for a public client (PKCE only).")
        String _clientSecret() default "";

        /** The tenant segment of the identity endpoints. */
        @AttributeDefinition(name = "Tenant",
                description = "common (work, school and personal accounts), organizations, consumers, or one"
                        + " tenant's id or domain.")
        String tenant() default "common";

        /** The identity platform authority. */
        @AttributeDefinition(name = "Authority base URL",
                description = "Microsoft identity platform; endpoints are {authority}/{tenant}/oauth2/v2.0/authorize"
                        + " and /token. Point it at the provider sandbox ({sandbox}/microsoft) for development.")
        String authorityBaseUrl() default "https://login.microsoftonline.com";

        /** The Graph root including the version segment. */
        @AttributeDefinition(name = "Graph base URL",
                description = "Microsoft Graph root including the version; the sandbox serves {sandbox}/graph/v1.0."
                        + " Plain http is accepted for a loopback address only.")
        String graphBaseUrl() default "https://graph.microsoft.com/v1.0";

        /** The delegated scopes requested at connect time. */
        @AttributeDefinition(name = "Scopes", cardinality = 32,
                description = "Least delegated permissions: read and change mail, send mail, stay signed in, read"
                        + " the profile. Mail.ReadWrite.Shared and Mail.Send.Shared are added once shared mailboxes"
                        + " are used.")
        String[] scopes() default {"Mail.ReadWrite", "Mail.Send", "offline_access", "User.Read"};
    }

    /** What one configuration needs at run time; replaced as a whole on {@code modified}. */
    private record State(Config config, URI authority, GraphClients graph) {
    }

    private final Clock clock = Clock.systemUTC();
    private final GraphErrors errors = new GraphErrors(clock);
    private volatile State state;

    /**
     * Creates the connector.
     *
     * @param config its configuration
     * @throws IllegalArgumentException when a configured URL or the tenant is not usable
     */
    @Activate
    public OutlookConnector(Config config) {
        this.state = stateOf(config);
        LOG.info("Outlook connector ready: tenant {}, Graph {}", config.tenant(), state.graph().baseUrl());
    }

    /** Applies a changed configuration; calls already running finish with the previous one. */
    @Modified
    void modified(Config config) {
        State previous = state;
        state = stateOf(config);
        previous.graph().close();
        LOG.info("Outlook connector reconfigured: tenant {}, Graph {}", config.tenant(), state.graph().baseUrl());
    }

    /** Closes the Graph HTTP client. */
    @Deactivate
    void deactivate() {
        state.graph().close();
    }

    private static State stateOf(Config config) {
        String tenant = config.tenant() == null ? "" : config.tenant().trim();
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must be common, organizations, consumers, a tenant id or a"
                    + " domain: " + config.tenant());
        }
        URI authority = Endpoints.checked("authorityBaseUrl", config.authorityBaseUrl());
        return new State(config, authority, new GraphClients(config.graphBaseUrl()));
    }

    @Override
    public String provider() {
        return "outlook";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.INCREMENTAL_SYNC, Capability.PUSH, Capability.SHARED_MAILBOXES,
                Capability.BATCH_FETCH);
    }

    /** Microsoft has no revocation endpoint for v2.0 tokens, and rotates refresh tokens on every use. */
    @Override
    public OAuthClientSettings oauth() {
        State s = state;
        Config c = s.config();
        String v2 = "/" + c.tenant().trim() + "/oauth2/v2.0";
        String secret = c._clientSecret() == null || c._clientSecret().isEmpty() ? null : c._clientSecret();
        List<String> scopes = c.scopes() == null ? List.of()
                : Arrays.stream(c.scopes()).map(String::trim).filter(x -> !x.isEmpty()).toList();
        return new OAuthClientSettings(Endpoints.join(s.authority(), v2 + "/authorize"),
                Endpoints.join(s.authority(), v2 + "/token"), null, c.clientId(), secret, scopes,
                Map.of("response_mode", "query"), "select_account", true);
    }

    @Override
    public ProviderAccount identify(String accessToken) throws ProviderException {
        if (accessToken == null || accessToken.isBlank()) {
            throw new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                    "The Microsoft 365 connection has no access token; reconnect the mailbox.", null);
        }
        return new GetMe(state.graph().forToken(accessToken), errors).execute();
    }

    @Override
    public ListPage list(MailboxRef mailbox, String folder, Instant since, String pageToken, int pageSize)
            throws ProviderException {
        return new ListMessages(graph(mailbox), errors).execute(mailbox, folder, since, pageToken, pageSize);
    }

    @Override
    public long count(MailboxRef mailbox, String folder, Instant since) throws ProviderException {
        return new CountMessages(graph(mailbox), errors).execute(mailbox, folder, since);
    }

    @Override
    public List<FetchedMessage> fetch(MailboxRef mailbox, List<String> providerIds) throws ProviderException {
        if (providerIds.isEmpty()) {
            return List.of();
        }
        return new FetchMessages(graph(mailbox), errors).execute(mailbox, providerIds);
    }

    @Override
    public List<FetchedMessage> fetchListed(MailboxRef mailbox, List<RemoteMessage> listed) throws ProviderException {
        if (listed.isEmpty()) {
            return List.of();
        }
        return new FetchMessages(graph(mailbox), errors).executeListed(mailbox, listed);
    }

    @Override
    public String currentCursor(MailboxRef mailbox) throws ProviderException {
        return new CurrentCursor(graph(mailbox), errors).execute(mailbox);
    }

    @Override
    public ChangePage changes(MailboxRef mailbox, String cursor, String pageToken) throws ProviderException {
        return new ListChanges(graph(mailbox), errors).execute(mailbox, cursor, pageToken);
    }

    /**
     * Graph's published Outlook limit: 10 000 requests per mailbox per 10 minutes (each part of a $batch counts);
     * a delta page, a MIME download or a PATCH is one request; the current cursor drains two folders.
     */
    @Override
    public ProviderQuota quota() {
        return QUOTA;
    }

    @Override
    public void setRead(MailboxRef mailbox, String providerId, boolean read) throws ProviderException {
        new SetReadState(graph(mailbox), errors).execute(mailbox, providerId, read);
    }

    /** Graph places the message in its conversation by the MIME's own In-Reply-To/References headers. */
    @Override
    public String send(MailboxRef mailbox, byte[] mime, String providerThreadId) throws ProviderException {
        new SendMime(graph(mailbox), errors).execute(mailbox, mime);
        return null;
    }

    @Override
    public Subscription subscribe(MailboxRef mailbox, URI notificationUrl, URI lifecycleUrl, String clientState,
            Instant expiresAt) throws ProviderException {
        return new CreateSubscription(graph(mailbox), errors, clock).execute(mailbox, notificationUrl, lifecycleUrl,
                clientState, expiresAt);
    }

    @Override
    public Subscription renew(MailboxRef mailbox, String subscriptionId, Instant expiresAt)
            throws ProviderException {
        return new RenewSubscription(graph(mailbox), errors, clock).execute(mailbox, subscriptionId, expiresAt);
    }

    @Override
    public void unsubscribe(MailboxRef mailbox, String subscriptionId) throws ProviderException {
        new DeleteSubscription(graph(mailbox), errors).execute(mailbox, subscriptionId);
    }

    private GraphServiceClient graph(MailboxRef mailbox) throws ProviderException {
        if (mailbox.accessToken() == null || mailbox.accessToken().isBlank()) {
            throw new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                    "The Microsoft 365 connection has no access token; reconnect the mailbox.", null);
        }
        return state.graph().forToken(mailbox.accessToken());
    }
}
