package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code DELETE /subscriptions/{id}}; a subscription Graph no longer knows (404) counts as deleted. */
final class DeleteSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteSubscription.class);

    private final GraphServiceClient graph;
    private final GraphErrors errors;

    DeleteSubscription(GraphServiceClient graph, GraphErrors errors) {
        this.graph = graph;
        this.errors = errors;
    }

    void execute(MailboxRef mailbox, String subscriptionId) throws ProviderException {
        try {
            graph.subscriptions().bySubscriptionId(subscriptionId).delete();
            LOG.debug("mailbox {}: unsubscribed", mailbox.connectionId());
        } catch (RuntimeException e) {
            if (e instanceof ApiException api && api.getResponseStatusCode() == 404) {
                LOG.debug("mailbox {}: subscription already gone", mailbox.connectionId());
                return;
            }
            throw errors.map(e, "ending change notifications");
        }
    }
}
