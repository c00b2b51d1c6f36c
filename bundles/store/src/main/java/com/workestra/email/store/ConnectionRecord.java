package com.workestra.email.store;

import java.time.Instant;

/**
 * A stored mailbox connection.
 *
 * @param id opaque id
 * @param workspaceId owning workspace
 * @param userId owning user
 * @param provider gmail or outlook
 * @param accountId the provider's immutable account id (same id again = reconnect)
 * @param address mailbox address
 * @param displayName account display name
 * @param kind personal or shared
 * @param delegatedBy for shared mailboxes, the connection whose grant reaches them
 * @param intakeModule support, recruiting or null
 * @param status active or disconnected
 * @param connectedAt first connection (kept on reconnect)
 * @param disconnectedAt when disconnected, or null
 * @param lastSuccessAt last successful sync or token check
 * @param lastAttemptAt last attempt of either
 * @param lastErrorCode taxonomy code of the last failed attempt, null after a success
 * @param lastErrorMessage sentence for the user, null after a success
 * @param visibility what teammates see of its mail: everything, subject, metadata or private
 */
public record ConnectionRecord(String id, String workspaceId, String userId, String provider, String accountId,
        String address, String displayName, String kind, String delegatedBy, String intakeModule, String status,
        Instant connectedAt, Instant disconnectedAt, Instant lastSuccessAt, Instant lastAttemptAt,
        String lastErrorCode, String lastErrorMessage, String visibility) {

    /** A connection with the default visibility ({@code subject}). */
    public ConnectionRecord(String id, String workspaceId, String userId, String provider, String accountId,
            String address, String displayName, String kind, String delegatedBy, String intakeModule, String status,
            Instant connectedAt, Instant disconnectedAt, Instant lastSuccessAt, Instant lastAttemptAt,
            String lastErrorCode, String lastErrorMessage) {
        this(id, workspaceId, userId, provider, accountId, address, displayName, kind, delegatedBy, intakeModule,
                status, connectedAt, disconnectedAt, lastSuccessAt, lastAttemptAt, lastErrorCode, lastErrorMessage,
                "subject");
    }

    /** Status of a working connection. */
    public static final String ACTIVE = "active";
    /** Status after DELETE: mail kept, sync stopped, tokens gone. */
    public static final String DISCONNECTED = "disconnected";

    /** Whether the connection is active. */
    public boolean active() {
        return ACTIVE.equals(status);
    }
}
