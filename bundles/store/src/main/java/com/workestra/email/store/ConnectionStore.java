package com.workestra.email.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Connections, their tokens and pending OAuth states; every method is one transaction. */
public interface ConnectionStore {

    /**
     * Creates the connection, or reconnects the existing one of the same owner and provider identity (same id,
     * status active again, mail kept), and stores its tokens.
     *
     * @return the stored connection
     */
    ConnectionRecord connect(NewConnection connection, TokenSet tokens, Instant now);

    /** A connection by id. */
    Optional<ConnectionRecord> find(String id);

    /** The connections of a user, optionally of one provider, oldest first (disconnected ones included). */
    List<ConnectionRecord> list(String workspaceId, String userId, String provider);

    /** Every connection (admin views). */
    List<ConnectionRecord> all();

    /** Active connections with an id after {@code afterId} (null = from the start), by id: keyset pages for jobs. */
    List<ConnectionRecord> activePage(String afterId, int limit);

    /**
     * Defers the mailbox's next round to {@code notBefore} without counting the attempt as failed (the badge keeps
     * its state): the provider asked to wait, or a transient failure is retried with backoff. The attempt time is
     * recorded.
     *
     * @param reason the taxonomy code of why
     * @param transientFailure whether this counts as one more consecutive transient failure
     * @return the consecutive transient failures so far (0 for a rate limit that followed no failure)
     */
    int defer(String id, Instant at, Instant notBefore, String reason, boolean transientFailure);

    /** Mailboxes whose next round waits, with the instant it may run. */
    Map<String, Instant> deferrals();

    /** Records the outcome of a sync or token check; a success clears the error and any deferral. */
    void recordAttempt(String id, Instant at, String errorCode, String errorMessage);

    /** Marks the connection disconnected and deletes its tokens; its mail stays. */
    void disconnect(String id, Instant at);

    /** Sets or clears the module whose intake this mailbox is. */
    void setIntake(String id, String module);

    /** The current tokens of a connection (none once disconnected). */
    Optional<TokenSet> tokens(String id);

    /**
     * Replaces the tokens under a lock on the connection's token row, so concurrent refreshes on any node serialize
     * and a rotated refresh token is never lost.
     *
     * @return the tokens now stored
     */
    <X extends Exception> TokenSet updateTokens(String id, TokenUpdate<X> update) throws X;

    /** Stores a pending authorization under the hash of its state value. */
    void saveState(String state, OAuthState pending);

    /** Takes a pending authorization out: single use; empty when unknown, used or expired. */
    Optional<OAuthState> consumeState(String state, Instant now);
}
