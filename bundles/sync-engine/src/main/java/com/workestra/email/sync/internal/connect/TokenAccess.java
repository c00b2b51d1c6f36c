package com.workestra.email.sync.internal.connect;

import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.TokenSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Hands out valid access tokens: refreshes shortly before expiry, or after a 401, under the store's row lock so two
 * nodes (or threads) refreshing one connection serialize and a rotated refresh token is never lost.
 */
public final class TokenAccess {

    private static final Duration MARGIN = Duration.ofSeconds(60);

    private final ConnectionStore store;
    private final OAuthClient oauth;
    private final Clock clock;

    TokenAccess(ConnectionStore store, OAuthClient oauth, Clock clock) {
        this.store = store;
        this.oauth = oauth;
        this.clock = clock;
    }

    /** A token valid for at least a minute. */
    public String accessToken(String connectionId, MailConnector connector) throws ProviderException {
        TokenSet current = store.tokens(connectionId).orElseThrow(() -> disconnected());
        if (current.accessToken() != null && !current.expiresWithin(MARGIN, clock.instant())) {
            return current.accessToken();
        }
        return refreshUnlessFresh(connectionId, connector, null);
    }

    /** After the provider refused {@code rejected}: refresh unless another caller already did. */
    public String afterRejection(String connectionId, MailConnector connector, String rejected)
            throws ProviderException {
        return refreshUnlessFresh(connectionId, connector, rejected);
    }

    private String refreshUnlessFresh(String connectionId, MailConnector connector, String rejected)
            throws ProviderException {
        try {
            return store.updateTokens(connectionId, (TokenSet current) -> {
                boolean stillGood = current.accessToken() != null
                        && !current.expiresWithin(MARGIN, clock.instant())
                        && !Objects.equals(current.accessToken(), rejected);
                return stillGood ? current
                        : oauth.refresh(connector.provider(), connector.oauth(), current, clock.instant());
            }).accessToken();
        } catch (IllegalStateException e) {
            throw disconnected();
        }
    }

    private static ProviderException disconnected() {
        return new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                "This mailbox is disconnected. Connect it again to resume syncing.", null);
    }
}
