package com.workestra.email.spi;

import java.util.Set;

/**
 * Connector SPI: one mail provider (Gmail, Microsoft 365). Registered as a whiteboard service with the service
 * property {@code provider=<id>}; the sync engine tracks all of them.
 */
public interface MailConnector {

    /** Service property naming the provider. */
    String PROVIDER_PROPERTY = "provider";

    /** What a connector can do beyond the basics (list, fetch, modify read state, send). */
    enum Capability {
        /** Provider pushes change notifications (webhooks). */
        PUSH,
        /** Provider exposes incremental history (Gmail historyId, Graph delta). */
        INCREMENTAL_SYNC,
        /** Shared mailboxes reachable through a delegating account. */
        SHARED_MAILBOXES,
        /** Several messages fetched in one round trip. */
        BATCH_FETCH
    }

    /** The provider id: {@code gmail} or {@code outlook}. */
    String provider();

    /** The capabilities of this connector. */
    Set<Capability> capabilities();

    /** The OAuth client of this provider as currently configured (read at each use, so changes apply at once). */
    OAuthClientSettings oauth();

    /**
     * Tells whom an access token belongs to (Gmail: users.getProfile; Graph: /me).
     *
     * @param accessToken a valid access token of the account
     * @return the account
     * @throws ProviderException when the provider refuses or cannot be reached
     */
    ProviderAccount identify(String accessToken) throws ProviderException;
}
