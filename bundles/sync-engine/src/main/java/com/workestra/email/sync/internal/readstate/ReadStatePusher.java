package com.workestra.email.sync.internal.readstate;

import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.ReadStateOutbox;
import com.workestra.email.store.ReadStateOutbox.PendingRead;
import com.workestra.email.sync.internal.sync.QuotaLimiters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes read-state changes made in Workestra to the provider: claims due outbox rows (a lease, so one node pushes
 * each), calls the connector's setRead with a valid token, and marks the row done; transient failures and rate
 * limits are retried with backoff and jitter (Retry-After honoured), permanent ones and rows that failed too often
 * are given up. Rows whose message changed since the click (a newer click or the provider's own newer state brought
 * by sync) are dropped by the claim, so a stale row never overwrites the provider. Each push is paced by the
 * mailbox's quota limiter, the one its sync uses, so clicks never push a mailbox over the provider's quota.
 */
public final class ReadStatePusher {

    private static final Logger LOG = LoggerFactory.getLogger(ReadStatePusher.class);

    /** Where the pusher gets provider access. */
    public interface Access {
        /** The connector of a provider, or null. */
        MailConnector connector(String provider);

        /** The mail operations of a provider, or null. */
        MailboxOperations operations(String provider);

        /** A valid access token of a grant. */
        String token(String grantConnectionId, MailConnector connector) throws ProviderException;

        /** A fresh token after the provider refused {@code rejected}. */
        String tokenAfterRejection(String grantConnectionId, MailConnector connector, String rejected)
                throws ProviderException;

        /** Runs a call of {@code units} under the mailbox's quota pacing (shared with its sync). */
        void paced(String connectionId, ProviderQuota quota, int units, QuotaLimiters.ProviderCall<?> call)
                throws ProviderException;
    }

    /**
     * Limits.
     *
     * @param batch rows per run
     * @param lease how long a claimed row is reserved for this node
     * @param maxAttempts tries before a row is given up
     */
    public record Settings(int batch, Duration lease, int maxAttempts) {
    }

    private final ReadStateOutbox outbox;
    private final Function<String, Optional<ConnectionRecord>> connections;
    private final Access access;
    private final Backoff backoff;
    private final Settings settings;
    private final Clock clock;

    ReadStatePusher(ReadStateOutbox outbox, Function<String, Optional<ConnectionRecord>> connections, Access access,
            Backoff backoff, Settings settings, Clock clock) {
        this.outbox = outbox;
        this.connections = connections;
        this.access = access;
        this.backoff = backoff;
        this.settings = settings;
        this.clock = clock;
    }

    /** The pusher with the default backoff (5 s doubling up to 30 min, jittered). */
    public static ReadStatePusher create(ReadStateOutbox outbox, ConnectionStore connections, Access access,
            Settings settings, Clock clock) {
        return new ReadStatePusher(outbox, connections::find, access, new Backoff(Duration.ofSeconds(5),
                Duration.ofMinutes(30), Math::random), settings, clock);
    }

    /** One run: returns how many changes reached the provider. */
    public int run() {
        Instant now = clock.instant();
        int pushed = 0;
        for (PendingRead p : outbox.claimDue(now, now.plus(settings.lease()), settings.batch())) {
            if (push(p)) {
                pushed++;
            }
        }
        return pushed;
    }

    private boolean push(PendingRead p) {
        int attempt = p.attempts() + 1;
        try {
            ConnectionRecord c = connections.apply(p.connectionId()).filter(ConnectionRecord::active).orElse(null);
            if (c == null) {
                outbox.giveUp(p.id(), "disconnected", clock.instant());
                return false;
            }
            MailConnector connector = access.connector(c.provider());
            MailboxOperations ops = access.operations(c.provider());
            if (connector == null || ops == null) {
                throw new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                        "The " + c.provider() + " connector is not running.", null);
            }
            String grant = c.delegatedBy() != null ? c.delegatedBy() : c.id();
            String token = access.token(grant, connector);
            boolean shared = "shared".equals(c.kind());
            int units = ops.quota().setReadCost();
            try {
                access.paced(c.id(), ops.quota(), units, () -> {
                    ops.setRead(new MailboxRef(c.id(), c.address(), shared, token), p.providerId(), p.read());
                    return null;
                });
            } catch (ProviderException.Authorization e) {
                if (!ProviderException.TOKEN_EXPIRED.equals(e.code())) {
                    throw e;
                }
                String fresh = access.tokenAfterRejection(grant, connector, token);
                access.paced(c.id(), ops.quota(), units, () -> {
                    ops.setRead(new MailboxRef(c.id(), c.address(), shared, fresh), p.providerId(), p.read());
                    return null;
                });
            }
            outbox.done(p.id(), clock.instant());
            LOG.debug("mailbox {}: read state pushed", p.connectionId());
            return true;
        } catch (ProviderException.Permanent e) {
            LOG.warn("mailbox {}: read state refused by the provider: {}", p.connectionId(), e.code());
            outbox.giveUp(p.id(), e.code(), clock.instant());
        } catch (ProviderException e) {
            Duration retryAfter = e instanceof ProviderException.RateLimited r ? r.retryAfter() : null;
            later(p, attempt, e.code(), retryAfter);
        } catch (RuntimeException e) {
            // the text may quote stored values: name the failure only
            LOG.warn("mailbox {}: read state push failed: {}", p.connectionId(), e.getClass().getName());
            later(p, attempt, "internal_error", null);
        }
        return false;
    }

    private void later(PendingRead p, int attempt, String code, Duration retryAfter) {
        Instant now = clock.instant();
        if (attempt >= settings.maxAttempts()) {
            LOG.warn("mailbox {}: read state given up after {} attempts: {}", p.connectionId(), attempt, code);
            outbox.giveUp(p.id(), code, now);
        } else {
            outbox.retry(p.id(), now.plus(backoff.after(attempt, retryAfter)), code, now);
        }
    }
}
