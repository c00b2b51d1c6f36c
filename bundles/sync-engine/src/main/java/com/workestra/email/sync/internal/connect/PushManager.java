package com.workestra.email.sync.internal.connect;

import com.workestra.email.api.WebhookIntake;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.PushSubscriptions;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.PushStore;
import com.workestra.email.store.SubscriptionRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider push subscriptions of connections (Graph): created on connect, deleted on disconnect; and the webhook
 * intake that turns verified notifications into persisted hints.
 */
public final class PushManager implements ConnectionHooks, WebhookIntake {

    private static final Logger LOG = LoggerFactory.getLogger(PushManager.class);
    /** Graph's maximum for mail resources is 4230 minutes; stay a little below. */
    static final Duration LIFETIME = Duration.ofMinutes(4200);

    private final PushStore store;
    private final Function<String, PushSubscriptions> pushers;
    private final Function<String, MailConnector> connectors;
    private final TokenAccess tokens;
    private final URI publicBaseUrl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PushManager(PushStore store, Function<String, PushSubscriptions> pushers,
            Function<String, MailConnector> connectors, TokenAccess tokens, URI publicBaseUrl, Clock clock) {
        this.store = store;
        this.pushers = pushers;
        this.connectors = connectors;
        this.tokens = tokens;
        this.publicBaseUrl = publicBaseUrl;
        this.clock = clock;
    }

    @Override
    public void connected(ConnectionRecord c) {
        PushSubscriptions push = pushers.apply(c.provider());
        MailConnector connector = connectors.apply(c.provider());
        if (push == null || connector == null || !"personal".equals(c.kind())
                || !store.subscriptionsOf(c.id()).isEmpty()) {
            return;
        }
        String base = publicBaseUrl.toString().replaceAll("/+$", "") + "/email/v1/webhooks/graph";
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String clientState = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            MailboxRef ref = new MailboxRef(c.id(), c.address(), false, tokens.accessToken(c.id(), connector));
            PushSubscriptions.Subscription s = push.subscribe(ref, URI.create(base), URI.create(base + "/lifecycle"),
                    clientState, clock.instant().plus(LIFETIME));
            store.saveSubscription(new SubscriptionRecord(UUID.randomUUID().toString(), c.id(), s.id(), clientState,
                    s.expiresAt(), clock.instant()));
            LOG.info("mailbox {}: push subscription created, expires {}", c.id(), s.expiresAt());
        } catch (ProviderException e) {
            LOG.warn("mailbox {}: no push subscription ({}); the periodic sync covers it", c.id(), e.code());
        }
    }

    /**
     * Keeps the connection's subscription alive: recreates it when the provider removed or lost it, renews it when the
     * provider asks (reauthorizationRequired) or when it expires within {@code renewWithin}.
     *
     * @param lifecycleEvents lifecycle events received since the last maintenance
     */
    public void maintain(ConnectionRecord c, Set<String> lifecycleEvents, Duration renewWithin) {
        PushSubscriptions push = pushers.apply(c.provider());
        MailConnector connector = connectors.apply(c.provider());
        if (push == null || connector == null || !"personal".equals(c.kind()) || !c.active()) {
            return;
        }
        List<SubscriptionRecord> subs = store.subscriptionsOf(c.id());
        if (lifecycleEvents.contains("subscriptionRemoved")) {
            subs.forEach(s -> store.deleteSubscription(s.id()));
            subs = List.of();
        }
        if (subs.isEmpty()) {
            connected(c);
            return;
        }
        Instant now = clock.instant();
        for (SubscriptionRecord s : subs) {
            if (!lifecycleEvents.contains("reauthorizationRequired") && s.expiresAt().isAfter(now.plus(renewWithin))) {
                continue;
            }
            try {
                MailboxRef ref = new MailboxRef(c.id(), c.address(), false, tokens.accessToken(c.id(), connector));
                PushSubscriptions.Subscription renewed = push.renew(ref, s.providerSubscriptionId(),
                        now.plus(LIFETIME));
                store.renewed(s.id(), renewed.expiresAt());
                LOG.info("mailbox {}: push subscription renewed until {}", c.id(), renewed.expiresAt());
            } catch (ProviderException e) {
                LOG.warn("mailbox {}: renewal failed ({}); creating a new subscription", c.id(), e.code());
                store.deleteSubscription(s.id());
                connected(c);
            }
        }
    }

    @Override
    public void disconnecting(ConnectionRecord c) {
        PushSubscriptions push = pushers.apply(c.provider());
        MailConnector connector = connectors.apply(c.provider());
        for (SubscriptionRecord s : store.subscriptionsOf(c.id())) {
            if (push != null && connector != null) {
                try {
                    MailboxRef ref = new MailboxRef(c.id(), c.address(), false,
                            tokens.accessToken(c.id(), connector));
                    push.unsubscribe(ref, s.providerSubscriptionId());
                } catch (ProviderException e) {
                    LOG.warn("mailbox {}: subscription not deleted at the provider ({}); it expires by itself",
                            c.id(), e.code());
                }
            }
            store.deleteSubscription(s.id());
        }
    }

    @Override
    public int accept(String provider, List<Notification> notifications) {
        int accepted = 0;
        Instant now = clock.instant();
        // a batch usually repeats a few subscriptions: one look-up each
        java.util.Map<String, Optional<SubscriptionRecord>> known = new java.util.HashMap<>();
        for (Notification n : notifications) {
            Optional<SubscriptionRecord> s = n.subscriptionId() == null ? Optional.empty()
                    : known.computeIfAbsent(n.subscriptionId(), store::subscriptionByProviderId);
            if (s.isEmpty() || n.clientState() == null || !MessageDigest.isEqual(
                    s.get().clientState().getBytes(StandardCharsets.UTF_8),
                    n.clientState().getBytes(StandardCharsets.UTF_8))) {
                LOG.debug("Dropped a {} notification with an unknown subscription or wrong client state", provider);
                continue;
            }
            String kind = n.lifecycleEvent() != null ? "lifecycle:" + n.lifecycleEvent()
                    : n.changeType() == null ? "changed" : n.changeType();
            store.recordHint(s.get().connectionId(), kind.length() > 40 ? kind.substring(0, 40) : kind,
                    n.resource(), now);
            accepted++;
        }
        return accepted;
    }
}
