package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.Subscription;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.PushSubscriptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /subscriptions}: change notifications for the messages of the token's own mailbox (Graph accepts none on
 * a shared mailbox through a delegate); Graph validates the notification URLs before it answers.
 */
final class CreateSubscription {

    /** Graph's longest lifetime of a subscription to messages. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(4230);

    private static final Logger LOG = LoggerFactory.getLogger(CreateSubscription.class);

    private final GraphServiceClient graph;
    private final GraphErrors errors;
    private final Clock clock;

    CreateSubscription(GraphServiceClient graph, GraphErrors errors, Clock clock) {
        this.graph = graph;
        this.errors = errors;
        this.clock = clock;
    }

    PushSubscriptions.Subscription execute(MailboxRef mailbox, URI notificationUrl, URI lifecycleUrl,
            String clientState, Instant expiresAt) throws ProviderException {
        if (mailbox.shared()) {
            throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                    "Microsoft 365 accepts no change notifications for a shared mailbox opened through a delegate;"
                            + " its changes are polled instead.", null);
        }
        Subscription s = new Subscription();
        s.setChangeType("created,updated,deleted");
        s.setResource("me/messages");
        s.setNotificationUrl(notificationUrl.toString());
        if (lifecycleUrl != null) {
            s.setLifecycleNotificationUrl(lifecycleUrl.toString());
        }
        s.setClientState(clientState);
        s.setExpirationDateTime(capped(clock, expiresAt).atOffset(ZoneOffset.UTC));
        Subscription created;
        try {
            created = graph.subscriptions().post(s);
        } catch (RuntimeException e) {
            throw errors.map(e, "subscribing to change notifications");
        }
        PushSubscriptions.Subscription out = result(created, null);
        LOG.debug("mailbox {}: subscribed until {}", mailbox.connectionId(), out.expiresAt());
        return out;
    }

    /** The wanted expiration, at most {@link #MAX_LIFETIME} from now. */
    static Instant capped(Clock clock, Instant wanted) {
        Instant max = clock.instant().plus(MAX_LIFETIME);
        return wanted == null || wanted.isAfter(max) ? max : wanted;
    }

    /** The SPI view of Graph's answer. */
    static PushSubscriptions.Subscription result(Subscription s, String knownId) throws ProviderException {
        String id = s == null || s.getId() == null ? knownId : s.getId();
        if (id == null || s == null || s.getExpirationDateTime() == null) {
            throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                    "Microsoft 365 answered a subscription request without its id or expiration.", null);
        }
        return new PushSubscriptions.Subscription(id, s.getExpirationDateTime().toInstant());
    }
}
