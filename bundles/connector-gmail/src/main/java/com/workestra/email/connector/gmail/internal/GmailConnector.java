package com.workestra.email.connector.gmail.internal;

import com.workestra.email.spi.AnswerArrival;
import com.workestra.email.spi.ChangePage;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.OAuthClientSettings;
import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.spi.RemoteMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gmail connector, registered on the connector whiteboard under {@code provider=gmail}, both as the connect-flow
 * {@link MailConnector} and as the {@link MailboxOperations} the sync engine and the sending path call.
 */
@Component(service = {MailConnector.class, MailboxOperations.class}, property = MailConnector.PROVIDER_PROPERTY + "=" + GmailConnector.PROVIDER,
        configurationPid = GmailConnector.PID)
@Designate(ocd = GmailConnector.Config.class)
public class GmailConnector implements MailConnector, MailboxOperations {

    static final String PROVIDER = "gmail";
    static final String PID = "com.workestra.email.connector.gmail";

    /** Read mail and labels: backfill, delta sync, identify. */
    static final String SCOPE_READONLY = "https://www.googleapis.com/auth/gmail.readonly";
    /** Send mail as the user. */
    static final String SCOPE_SEND = "https://www.googleapis.com/auth/gmail.send";
    /** Change labels; requested only for two-way read state (the UNREAD label). */
    static final String SCOPE_MODIFY = "https://www.googleapis.com/auth/gmail.modify";

    private static final Logger LOG = LoggerFactory.getLogger(GmailConnector.class);
    private static final ProviderQuota QUOTA = new ProviderQuota(250, Duration.ofSeconds(1), 5, 5, 2, 1, 5, 10);

    /** The Gmail connector's configuration (Config Admin PID {@value GmailConnector#PID}). */
    @ObjectClassDefinition(name = "Workestra Email - Gmail connector",
            description = "Google OAuth client and Gmail API endpoints used to connect and sync Gmail mailboxes.")
    public @interface Config {

        @AttributeDefinition(name = "Client id",
                description = "OAuth 2.0 client id of the Google Cloud project (type: web application). "
                        + "Empty until an administrator registers the app.")
        String clientId() default "";

        /*
         * Key ".clientSecret": a leading dot makes the property private, so DS does not copy it into the properties
         * of the registered MailConnector service, where anyone could read it (service:list).
         */
        @AttributeDefinition(name = "Client secret", type = AttributeType.PASSWORD,
                description = "OAuth 2.0 client secret of the same client; never logged, never published as a "
                        + "service property.")
        String _clientSecret() default "";

        @AttributeDefinition(name = "Authorization endpoint",
                description = "Where the browser is sent to grant access.")
        String authorizationEndpoint() default "https://accounts.google.com/o/oauth2/v2/auth";

        @AttributeDefinition(name = "Token endpoint", description = "Code exchange and token refresh.")
        String tokenEndpoint() default "https://oauth2.googleapis.com/token";

        @AttributeDefinition(name = "Revocation endpoint", description = "Revokes a grant when a mailbox is disconnected.")
        String revocationEndpoint() default "https://oauth2.googleapis.com/revoke";

        @AttributeDefinition(name = "Gmail API root URL",
                description = "Root of the Gmail API (ends with a slash); point it at the provider sandbox for demos "
                        + "and tests.")
        String apiRootUrl() default "https://gmail.googleapis.com/";

        @AttributeDefinition(name = "Scopes",
                description = "Least scopes for the features in use: gmail.readonly (read mail for sync), gmail.send "
                        + "(send as the user) and gmail.modify, requested only to push read/unread state back to "
                        + "Gmail; remove gmail.modify to keep read state one-way.")
        String[] scopes() default {SCOPE_READONLY, SCOPE_SEND, SCOPE_MODIFY};

        @AttributeDefinition(name = "Connect timeout (seconds)",
                description = "How long to wait for a connection to the Gmail API.", min = "1")
        int connectTimeoutSeconds() default 10;

        @AttributeDefinition(name = "Read timeout (seconds)",
                description = "How long to wait for the Gmail API to answer a request.", min = "1")
        int readTimeoutSeconds() default 30;
    }

    /** The configuration as applied, swapped whole by {@link #modified(Config)}. */
    private record Applied(OAuthClientSettings oauth, GmailClients clients, GetProfile getProfile) {
        static Applied of(Config config) {
            GmailClients clients = new GmailClients(config.apiRootUrl(),
                    Duration.ofSeconds(config.connectTimeoutSeconds()), Duration.ofSeconds(config.readTimeoutSeconds()));
            return new Applied(oauthSettings(config), clients, new GetProfile(clients));
        }
    }

    private volatile Applied applied;

    /** Creates the connector from its configuration. */
    @Activate
    public GmailConnector(Config config) {
        this.applied = Applied.of(config);
        LOG.info("Gmail connector active (API root {}, client {})", applied.clients().rootUrl(),
                config.clientId().isBlank() ? "not configured" : "configured");
    }

    @Modified
    void modified(Config config) {
        applied = Applied.of(config);
        LOG.info("Gmail connector reconfigured (API root {})", applied.clients().rootUrl());
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.INCREMENTAL_SYNC, Capability.BATCH_FETCH);
    }

    @Override
    public OAuthClientSettings oauth() {
        return applied.oauth();
    }

    @Override
    public ProviderAccount identify(String accessToken) throws ProviderException {
        ProviderAccount account = applied.getProfile().execute(accessToken);
        LOG.debug("mailbox {}: identified through the Gmail profile", account.address());
        return account;
    }

    @Override
    public ListPage list(MailboxRef mailbox, String folder, Instant since, String pageToken, int pageSize)
            throws ProviderException {
        ListPage page = new ListMessages(clients(mailbox)).execute(mailbox, folder, since, pageToken, pageSize);
        LOG.debug("mailbox {}: listed {} messages (folder {}, more: {})", mailbox.connectionId(),
                page.messages().size(), folder == null ? "all" : folder, page.nextPageToken() != null);
        return page;
    }

    @Override
    public List<FetchedMessage> fetch(MailboxRef mailbox, List<String> providerIds) throws ProviderException {
        return fetch(mailbox, providerIds, AnswerArrival.NONE);
    }

    @Override
    public List<FetchedMessage> fetchListed(MailboxRef mailbox, List<RemoteMessage> listed, AnswerArrival arrival)
            throws ProviderException {
        return fetch(mailbox, listed.stream().map(RemoteMessage::providerId).toList(), arrival);
    }

    private List<FetchedMessage> fetch(MailboxRef mailbox, List<String> providerIds, AnswerArrival arrival)
            throws ProviderException {
        List<FetchedMessage> fetched = new FetchMessages(clients(mailbox)).execute(mailbox, providerIds, arrival);
        LOG.debug("mailbox {}: fetched {} of {} messages", mailbox.connectionId(), fetched.size(),
                providerIds.size());
        return fetched;
    }

    @Override
    public String currentCursor(MailboxRef mailbox) throws ProviderException {
        return new CurrentCursor(clients(mailbox)).execute(mailbox);
    }

    @Override
    public ChangePage changes(MailboxRef mailbox, String cursor, String pageToken) throws ProviderException {
        ChangePage page = new ListChanges(clients(mailbox)).execute(mailbox, cursor, pageToken);
        LOG.debug("mailbox {}: {} changed and {} deleted messages since the cursor", mailbox.connectionId(),
                page.upserts().size(), page.deletedIds().size());
        return page;
    }

    /**
     * Gmail's published per-user quota: 250 units per second (moving window); messages.list and messages.get cost 5
     * (each part of a batch counts), history.list 2, getProfile 1, messages.modify 5. Ten messages per batch (50
     * units) fill the window evenly.
     */
    @Override
    public ProviderQuota quota() {
        return QUOTA;
    }

    @Override
    public void setRead(MailboxRef mailbox, String providerId, boolean read) throws ProviderException {
        new SetReadState(clients(mailbox)).execute(mailbox, providerId, read);
        LOG.debug("mailbox {}: marked a message {}", mailbox.connectionId(), read ? "read" : "unread");
    }

    /** Gmail threads the message by {@code providerThreadId} (and its own References/Subject rules). */
    @Override
    public String send(MailboxRef mailbox, byte[] mime, String providerThreadId) throws ProviderException {
        String id = new SendMessage(clients(mailbox)).execute(mailbox, mime, providerThreadId);
        LOG.debug("mailbox {}: sent a message{}", mailbox.connectionId(),
                providerThreadId == null ? "" : " into an existing thread");
        return id;
    }

    /** The current clients, once the mailbox has a token to call with. */
    private GmailClients clients(MailboxRef mailbox) throws ProviderException {
        if (mailbox.accessToken() == null || mailbox.accessToken().isBlank()) {
            throw new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                    "The Gmail connection has no access token; reconnect the mailbox.", null);
        }
        return applied.clients();
    }

    private static OAuthClientSettings oauthSettings(Config config) {
        String secret = config._clientSecret();
        return new OAuthClientSettings(URI.create(config.authorizationEndpoint().trim()),
                URI.create(config.tokenEndpoint().trim()), optionalUri(config.revocationEndpoint()),
                config.clientId().trim(), secret == null || secret.isBlank() ? null : secret,
                List.of(config.scopes()),
                // offline: a refresh token; include_granted_scopes: incremental consent keeps earlier grants
                Map.of("access_type", "offline", "include_granted_scopes", "true"),
                "select_account", false);
    }

    private static URI optionalUri(String value) {
        return value == null || value.isBlank() ? null : URI.create(value.trim());
    }
}
