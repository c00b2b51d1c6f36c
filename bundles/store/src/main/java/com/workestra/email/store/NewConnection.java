package com.workestra.email.store;

/**
 * What a completed OAuth flow (or a shared-mailbox request) creates or reconnects.
 *
 * @param workspaceId owning workspace
 * @param userId owning user
 * @param provider gmail or outlook
 * @param accountId provider's immutable account id
 * @param address mailbox address
 * @param displayName display name
 * @param kind personal or shared
 * @param delegatedBy the delegating connection of a shared mailbox, or null
 */
public record NewConnection(String workspaceId, String userId, String provider, String accountId, String address,
        String displayName, String kind, String delegatedBy) {
}
