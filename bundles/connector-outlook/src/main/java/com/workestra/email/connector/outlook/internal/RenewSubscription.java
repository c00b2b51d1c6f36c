package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.Subscription;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.PushSubscriptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code PATCH /subscriptions/{id}} with a new {@code expirationDateTime}. */
final class RenewSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(RenewSubscription.class);

    private final GraphServiceClient graph;
    private final GraphErrors errors;
    private final Clock clock;

    RenewSubscription(GraphServiceClient graph, GraphErrors errors, Clock clock) {
        this.graph = graph;
        this.errors = errors;
        this.clock = clock;
    }

    PushSubscriptions.Subscription execute(MailboxRef mailbox, String subscriptionId, Instant expiresAt)
            throws ProviderException {
        Subscription patch = new Subscription();
        patch.setExpirationDateTime(CreateSubscription.capped(clock, expiresAt).atOffset(ZoneOffset.UTC));
        Subscription renewed;
        try {
            renewed = graph.subscriptions().bySubscriptionId(subscriptionId).patch(patch);
        } catch (RuntimeException e) {
            throw errors.map(e, "renewing change notifications");
        }
        PushSubscriptions.Subscription out = CreateSubscription.result(renewed, subscriptionId);
        LOG.debug("mailbox {}: subscription renewed until {}", mailbox.connectionId(), out.expiresAt());
        return out;
    }
}
