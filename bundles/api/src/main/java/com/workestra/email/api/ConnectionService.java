package com.workestra.email.api;

import java.util.List;

/**
 * Connecting, listing, checking and disconnecting mailboxes on behalf of a user. Every method refuses objects of
 * other users with a 404 {@link ApiException}, and bad input with a 400 naming the field.
 */
public interface ConnectionService {

    /** The caller's active connections, optionally of one provider. */
    List<ConnectionView> list(Caller caller, String provider);

    /** One of the caller's connections. */
    ConnectionView get(Caller caller, String id);

    /**
     * Starts the OAuth authorization-code + PKCE flow; the state is single use and bound to the caller, and to the
     * browser that keeps the returned {@link AuthorizationStart#browserKey()} (an HttpOnly cookie).
     */
    AuthorizationStart authorize(Caller caller, String provider, AuthorizeRequest request);

    /**
     * Completes a flow from the provider's redirect: creates or reconnects the connection. Provider errors become the
     * error taxonomy in the outcome, never an exception. A flow completes only in the browser that started it: the
     * browser key of its start must come back with the state, else the state is spent and the outcome is the error
     * {@code browser_mismatch}.
     *
     * @param browserKey the browser key the calling browser holds for this state, or null
     */
    CallbackOutcome complete(String provider, String code, String state, String error, String errorDescription,
            String browserKey);

    /** Runs an immediate sync (or, before the sync engine has anything to fetch, a token check) and reports it. */
    SyncResult syncNow(Caller caller, String id);

    /** Disconnects: sync stops, tokens are revoked and deleted, mail is kept, delegated shared mailboxes too. */
    void disconnect(Caller caller, String id);

    /**
     * Adds a Microsoft 365 shared mailbox reached through one of the caller's Outlook connections (the delegate);
     * the provider must grant the delegate access. Same address again returns the existing shared connection.
     */
    ConnectionView addSharedMailbox(Caller caller, String delegateId, String address);

    /** Marks or unmarks the mailbox as the intake of a module (support, recruiting). */
    ConnectionView setIntake(Caller caller, String id, String module);

    /**
     * Body of POST /connections/{provider}/authorize.
     *
     * @param addAnother force the provider's account picker
     * @param loginHint the address to preselect
     * @param redirectAfter where the browser goes after the callback (same origin or a relative path)
     * @param sharedMailboxes also ask for the shared-mailbox permissions (Microsoft 365: Mail.ReadWrite.Shared,
     *     Mail.Send.Shared), needed before shared mailboxes can be added through this connection
     */
    record AuthorizeRequest(Boolean addAnother, String loginHint, String redirectAfter, Boolean sharedMailboxes) {
    }

    /**
     * Where to send the browser.
     *
     * @param authorizationUrl the provider's authorization URL with state and PKCE challenge
     * @param state the one-time state value
     * @param browserKey the secret the starting browser keeps (never shown to scripts): the state is its SHA-256
     */
    record AuthorizationStart(String authorizationUrl, String state, String browserKey) {
    }

    /**
     * Result of a callback.
     *
     * @param connection the created or reconnected connection, or null on error
     * @param reconnected whether an existing connection was reused
     * @param redirectAfter where the browser goes next, or null
     * @param error taxonomy or request error code, or null
     * @param message a sentence for the user when there is an error
     */
    record CallbackOutcome(ConnectionView connection, boolean reconnected, String redirectAfter, String error,
            String message) {
    }

    /**
     * Result of Sync now.
     *
     * @param status ok or error
     * @param fetched new messages
     * @param updated changed messages
     * @param deleted removed messages
     * @param durationMs how long it took
     * @param health the badge afterwards
     * @param message what went wrong, for a person
     */
    record SyncResult(String status, long fetched, long updated, long deleted, long durationMs,
            ConnectionView.Health health, String message) {
    }
}
