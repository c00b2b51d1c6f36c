package com.workestra.email.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Push subscriptions and the hints that webhooks persist; every method is one transaction. */
public interface PushStore {

    /** Stores a new subscription. */
    void saveSubscription(SubscriptionRecord subscription);

    /** The subscription the provider knows by this id. */
    Optional<SubscriptionRecord> subscriptionByProviderId(String providerSubscriptionId);

    /** The subscriptions of a connection. */
    List<SubscriptionRecord> subscriptionsOf(String connectionId);

    /** Subscriptions that expire before the instant (for renewal). */
    List<SubscriptionRecord> expiringBefore(Instant instant);

    /** Records a renewal. */
    void renewed(String id, Instant expiresAt);

    /** Forgets a subscription. */
    void deleteSubscription(String id);

    /** Persists a hint that the mailbox changed (never does the work itself). */
    void recordHint(String connectionId, String kind, String resource, Instant receivedAt);

    /** Connections that have unprocessed hints (one query, for the scheduler tick). */
    java.util.Set<String> connectionsWithPendingHints();

    /** The distinct kinds of a connection's unprocessed hints (created, updated, lifecycle:subscriptionRemoved...). */
    java.util.Set<String> pendingHintKinds(String connectionId);

    /** Hints of a connection not processed yet. */
    long pendingHints(String connectionId);

    /** Marks every pending hint of a connection received up to the instant as processed. */
    int markHintsProcessed(String connectionId, Instant upTo, Instant processedAt);
}
