package com.workestra.email.spi;

/**
 * Opens a connection's mailbox for a call outside the sync engine (the sending path): a {@link MailboxRef} with a
 * valid access token, refreshed under the store's lock when needed; shared mailboxes use their delegate's grant.
 * Implemented by the sync engine, which owns the OAuth token flows.
 */
public interface MailboxAccess {

    /**
     * Opens an active connection's mailbox.
     *
     * @param connectionId the connection
     * @param rejectedToken the token the provider just refused (a refresh is forced unless another caller already
     *     refreshed), or null
     * @throws ProviderException.Authorization when the connection is disconnected or its grant is gone
     * @throws ProviderException.Transient when the connector is not running
     */
    MailboxRef open(String connectionId, String rejectedToken) throws ProviderException;
}
