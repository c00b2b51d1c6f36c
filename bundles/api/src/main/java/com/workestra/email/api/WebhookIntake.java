package com.workestra.email.api;

import java.util.List;

/**
 * Intake of provider change notifications: verifies each against its subscription and persists a hint that makes the
 * mailbox's delta sync due; never does the sync work inline.
 */
public interface WebhookIntake {

    /**
     * One notification as the provider sent it.
     *
     * @param subscriptionId the provider's subscription id
     * @param clientState the secret echoed by the provider
     * @param changeType created, updated, deleted (change notifications)
     * @param resource the changed resource
     * @param lifecycleEvent reauthorizationRequired, subscriptionRemoved or missed (lifecycle notifications)
     */
    record Notification(String subscriptionId, String clientState, String changeType, String resource,
            String lifecycleEvent) {
    }

    /**
     * Persists hints for the notifications whose subscription is known and whose client state matches (compared in
     * constant time); the others are dropped.
     *
     * @return how many were accepted
     */
    int accept(String provider, List<Notification> notifications);
}
