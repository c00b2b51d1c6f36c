package com.workestra.email.spi;

import java.net.URI;
import java.time.Instant;

/**
 * Connector SPI for providers that push change notifications (capability {@code PUSH}: Microsoft Graph).
 */
public interface PushSubscriptions {

    /**
     * A subscription at the provider.
     *
     * @param id provider subscription id
     * @param expiresAt when the provider drops it unless renewed
     */
    record Subscription(String id, Instant expiresAt) {
    }

    /**
     * Creates a subscription for new and changed messages of the mailbox; the provider validates the notification
     * URLs before answering.
     *
     * @param clientState a random secret the provider echoes in every notification
     */
    Subscription subscribe(MailboxRef mailbox, URI notificationUrl, URI lifecycleUrl, String clientState,
            Instant expiresAt) throws ProviderException;

    /** Extends a subscription. */
    Subscription renew(MailboxRef mailbox, String subscriptionId, Instant expiresAt) throws ProviderException;

    /** Deletes a subscription; an unknown id is not an error. */
    void unsubscribe(MailboxRef mailbox, String subscriptionId) throws ProviderException;
}
