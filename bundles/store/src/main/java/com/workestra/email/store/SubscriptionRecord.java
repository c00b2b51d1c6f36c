package com.workestra.email.store;

import java.time.Instant;

/**
 * A provider push subscription of a connection.
 *
 * @param id our id
 * @param connectionId the connection it notifies about
 * @param providerSubscriptionId the provider's id
 * @param clientState the secret the provider echoes in notifications (sealed at rest)
 * @param expiresAt when the provider drops it unless renewed
 * @param createdAt creation
 */
public record SubscriptionRecord(String id, String connectionId, String providerSubscriptionId, String clientState,
        Instant expiresAt, Instant createdAt) {

    /** Never prints the client state. */
    @Override
    public String toString() {
        return "SubscriptionRecord[" + id + " of " + connectionId + ", expires " + expiresAt + "]";
    }
}
