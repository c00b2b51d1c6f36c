package com.workestra.email.spi;

/**
 * Who a grant belongs to at the provider.
 *
 * @param accountId the provider's immutable id of the account (Google: the address; Microsoft: the user object id)
 * @param address the mailbox address
 * @param displayName the account's display name, or null
 */
public record ProviderAccount(String accountId, String address, String displayName) {
}
