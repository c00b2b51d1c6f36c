package com.workestra.email.outbound.internal;

import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.spi.MailboxAccess;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.OutboundStore;
import com.workestra.email.store.OutboundStore.Send;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the outbox: sends whose lease expired become {@code delivery_unknown}; due sends are claimed (one node
 * each) and submitted; transient failures are retried later with backoff; an ambiguous answer is
 * {@code delivery_unknown} and is never retried; unknown connection sends are reconciled against Sent Items (synced
 * mail, then the provider's sent folder) by Message-ID, unknown workspace sends by submitting the identical request
 * with the same idempotency key, which Resend answers with the first request's result (inside its 24 h key window
 * only). A resubmission after a connection failure first looks in Sent Items too, so a send that went out is not
 * submitted twice.
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String DELIVERY_UNKNOWN = "delivery_unknown";
    private static final Duration SENT_ITEMS_DELAY = Duration.ofMinutes(2);
    /** Unknown sends are looked for during this long after they were created; later they wait for a person. */
    private static final Duration RECONCILE_WINDOW = Duration.ofHours(24);
    /** At most one look per unknown send per minute (per node). */
    private static final Duration RECONCILE_EVERY = Duration.ofMinutes(1);
    /** Workspace sends are re-submitted with their key only this long after creation: safely inside Resend's 24 h. */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(23);
    static final String RECONCILE_EXPIRED = "reconcile_window_passed";

    private final OutboundStore outbound;
    private final MessageStore messages;
    private final ConnectionStore connections;
    private final Providers providers;
    private final SendService sends;
    private final SendSettings settings;
    private final Clock clock;
    private final Map<String, Instant> checked = new ConcurrentHashMap<>();

    Outbox(OutboundStore outbound, MessageStore messages, ConnectionStore connections, Providers providers,
            SendService sends, SendSettings settings, Clock clock) {
        this.outbound = outbound;
        this.messages = messages;
        this.connections = connections;
        this.providers = providers;
        this.sends = sends;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Outcome counts of a run.
     *
     * @param sent accepted by the provider
     * @param retried put back for a later attempt
     * @param failed refused for good
     * @param unknown ambiguous
     * @param reconciled unknown sends found in Sent Items
     */
    record Run(int sent, int retried, int failed, int unknown, int reconciled) {
    }

    Run runOnce() {
        Instant now = clock.instant();
        int expired = outbound.expireLeases(now);
        if (expired > 0) {
            LOG.warn("{} sends were interrupted during submission; their delivery is checked against Sent Items",
                    expired);
        }
        int[] counts = new int[4];
        for (Send s : outbound.claimDue(now, now.plus(settings.lease()), settings.batch())) {
            counts[deliver(s)]++;
        }
        int reconciled = reconcile();
        return new Run(counts[0], counts[1], counts[2], counts[3], reconciled);
    }

    /**
     * Unknown connection sends whose copy is in Sent Items become sent: first from the synced mail, else by asking
     * the provider (its sent folder since the send was created). Nothing found: the send stays unknown, never resent.
     * Unknown workspace sends are settled by {@link #reconcileWorkspace}.
     */
    int reconcile() {
        int n = 0;
        Instant now = clock.instant();
        checked.values().removeIf(at -> at.isBefore(now.minus(RECONCILE_WINDOW)));
        for (Send s : outbound.unknown(now.minus(RECONCILE_WINDOW), settings.batch())) {
            Instant last = checked.get(s.id());
            if (last != null && last.isAfter(now.minus(RECONCILE_EVERY))) {
                continue;
            }
            checked.put(s.id(), now);
            if (s.connectionId() == null) {
                n += reconcileWorkspace(s, now) ? 1 : 0;
                continue;
            }
            if (outbound.providerCopyExists(s.connectionId(), s.internetMessageId())) {
                outbound.markSent(s.id(), null, clock.instant());
                n++;
                continue;
            }
            try {
                Optional<String> copy = sentAtProvider(s);
                if (copy.isPresent()) {
                    outbound.markSent(s.id(), copy.get(), clock.instant());
                    messages.adoptSentCopy(s.connectionId(), s.id(), copy.get());
                    n++;
                }
            } catch (ProviderException | RuntimeException e) {
                LOG.debug("send {}: sent items not checked: {}", s.id(), e.getClass().getSimpleName());
            }
        }
        return n;
    }

    /**
     * Re-submits an unknown workspace send exactly as first submitted, with the same idempotency key (the send's id):
     * Resend replays the first answer when it took the email and sends it when it did not, never twice. Past the key
     * window it is never resubmitted; the send stays unknown with a sentence for a person.
     *
     * @return whether the send is now known to be sent
     */
    private boolean reconcileWorkspace(Send s, Instant now) {
        if (s.createdAt().isBefore(now.minus(IDEMPOTENCY_WINDOW))) {
            if (!RECONCILE_EXPIRED.equals(s.lastErrorCode())) {
                LOG.warn("send {}: delivery still unknown after the idempotency window; left for a person", s.id());
                outbound.markOutcome(s.id(), OutboundStore.DELIVERY_UNKNOWN, RECONCILE_EXPIRED, "Resend did not"
                        + " confirm this message within 23 hours and it is never sent again automatically; check the"
                        + " workspace's Resend dashboard (emails) before sending it again.", now);
            }
            return false;
        }
        WorkspaceMailer mailer = providers.mailer();
        if (mailer == null) {
            return false;
        }
        WorkspaceMailer.Outcome o;
        try {
            o = mailer.reconcile(s.workspaceId(), workspaceMessage(s), s.id());
        } catch (RuntimeException e) {
            LOG.debug("send {}: workspace send not reconciled: {}", s.id(), e.getClass().getSimpleName());
            return false;
        }
        String status = o == null ? DELIVERY_UNKNOWN : o.status();
        if ("sent".equals(status)) {
            outbound.markSent(s.id(), o.providerId(), clock.instant());
            LOG.info("send {}: delivery confirmed by Resend's idempotent replay", s.id());
            return true;
        }
        if ("failed".equals(status)) {
            LOG.warn("send {}: Resend never took the message; failed", s.id());
            outbound.markOutcome(s.id(), OutboundStore.FAILED, "send_failed", o.error() == null
                    ? "Workspace email did not send the message." : o.error(), clock.instant());
            return false;
        }
        // still unknown (in progress at Resend, rate limited, unreachable): looked at again in a minute
        return false;
    }

    /** The provider's copy of a connection send, looked up in its sent folder. */
    private Optional<String> sentAtProvider(Send s) throws ProviderException {
        ConnectionRecord c = connections.find(s.connectionId()).filter(ConnectionRecord::active).orElse(null);
        MailboxAccess access = providers.access();
        MailboxOperations ops = c == null ? null : providers.operations(c.provider());
        if (c == null || access == null || ops == null) {
            return Optional.empty();
        }
        return SentItemsCheck.find(ops, access.open(c.id(), null), s.internetMessageId(), s.createdAt());
    }

    /** Submits one claimed send; returns 0 sent, 1 retried, 2 failed, 3 unknown. */
    private int deliver(Send s) {
        Instant now = clock.instant();
        try {
            if (s.connectionId() != null && s.attempts() > 1) {
                // a resubmission: if an earlier attempt went out after all, it is in Sent Items
                if (outbound.providerCopyExists(s.connectionId(), s.internetMessageId())) {
                    outbound.markSent(s.id(), null, now);
                    return 0;
                }
                if (ProviderException.CONNECTION_FAILED.equals(s.lastErrorCode())) {
                    Optional<String> copy = sentAtProvider(s);
                    if (copy.isPresent()) {
                        outbound.markSent(s.id(), copy.get(), now);
                        messages.adoptSentCopy(s.connectionId(), s.id(), copy.get());
                        return 0;
                    }
                }
            }
            String providerId = s.connectionId() != null ? submitFromMailbox(s) : submitFromWorkspace(s);
            outbound.markSent(s.id(), providerId, clock.instant());
            if (s.connectionId() != null) {
                if (s.localMessageId() == null) {
                    sends.addSentCopy(s, clock.instant());
                }
                if (providerId != null) {
                    messages.adoptSentCopy(s.connectionId(), s.id(), providerId);
                }
            }
            LOG.debug("send {}: accepted by the provider", s.id());
            return 0;
        } catch (ProviderException e) {
            return failure(s, e);
        } catch (RuntimeException e) {
            // the request may have gone out before the failure: never retried blindly
            LOG.warn("send {}: unexpected failure during submission: {}", s.id(), e.getClass().getName());
            outbound.markOutcome(s.id(), OutboundStore.DELIVERY_UNKNOWN, DELIVERY_UNKNOWN,
                    "The provider did not confirm the message; Workestra checks the sent mail.", clock.instant());
            return 3;
        }
    }

    private int failure(Send s, ProviderException e) {
        Instant now = clock.instant();
        if (DELIVERY_UNKNOWN.equals(e.code())) {
            LOG.warn("send {}: delivery unknown", s.id());
            outbound.markOutcome(s.id(), OutboundStore.DELIVERY_UNKNOWN, e.code(), e.getMessage(), now);
            if (s.connectionId() == null) {
                // the first re-submission with the key a minute later, not while Resend may still process this one
                checked.put(s.id(), now);
            }
            return 3;
        }
        // a rate limit means the provider did not take the message: retried after its Retry-After without using up
        // the attempts, so a 429 storm delays a send but never fails it
        boolean rateLimited = e instanceof ProviderException.RateLimited;
        if (rateLimited || e instanceof ProviderException.Transient && s.attempts() < settings.maxAttempts()) {
            Duration wait = e instanceof ProviderException.RateLimited r ? max(r.retryAfter(),
                    settings.retryDelay(s.attempts())) : settings.retryDelay(s.attempts());
            if (s.connectionId() != null && ProviderException.CONNECTION_FAILED.equals(e.code())) {
                // the request may have reached the provider: give it time to file the copy the next attempt looks for
                wait = max(wait, SENT_ITEMS_DELAY);
            }
            LOG.info("send {}: attempt {} failed ({}), retried in {} s", s.id(), s.attempts(), e.code(),
                    wait.toSeconds());
            outbound.retryLater(s.id(), now.plus(wait), e.code(), e.getMessage(), now);
            return 1;
        }
        LOG.warn("send {}: failed ({})", s.id(), e.code());
        outbound.markOutcome(s.id(), OutboundStore.FAILED, e.code(), e.getMessage(), now);
        if (s.connectionId() != null && s.localMessageId() != null) {
            // the copy shown in Sent was never sent: it leaves the mailbox views
            messages.discardSentCopy(s.connectionId(), s.localMessageId());
        }
        return 2;
    }

    private String submitFromMailbox(Send s) throws ProviderException {
        ConnectionRecord c = connections.find(s.connectionId()).filter(ConnectionRecord::active).orElseThrow(
                () -> new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                        "The mailbox was disconnected before the message went out.", null));
        MailboxAccess access = providers.access();
        MailboxOperations ops = providers.operations(c.provider());
        if (access == null || ops == null) {
            throw new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                    "Sending through " + c.provider() + " is not available on this server right now.", null);
        }
        byte[] raw = MimeComposer.submission(s.content().mime(), s.content().bcc().stream()
                .map(SendService::parsed).map(InternetAddress::getAddress).toList());
        MailboxRef mailbox = access.open(c.id(), null);
        try {
            return ops.send(mailbox, raw, s.providerThreadId());
        } catch (ProviderException.Authorization e) {
            if (!ProviderException.TOKEN_EXPIRED.equals(e.code())) {
                throw e;
            }
            // the token was refused before anything was accepted: one retry with a fresh token
            return ops.send(access.open(c.id(), mailbox.accessToken()), raw, s.providerThreadId());
        }
    }

    private String submitFromWorkspace(Send s) throws ProviderException {
        WorkspaceMailer mailer = providers.mailer();
        if (mailer == null) {
            throw new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                    "Workspace email is not available on this server right now.", null);
        }
        WorkspaceMailer.Outcome o = mailer.send(s.workspaceId(), workspaceMessage(s), s.id());
        String status = o == null ? DELIVERY_UNKNOWN : o.status();
        String error = o == null || o.error() == null ? "Workspace email did not send the message." : o.error();
        switch (status) {
            case "sent":
                return o.providerId();
            case "rate_limited":
                throw new ProviderException.RateLimited(Duration.ofSeconds(Optional.ofNullable(o.retryAfterSeconds())
                        .orElse(1L)), error, null);
            case DELIVERY_UNKNOWN:
                throw new ProviderException.Permanent(DELIVERY_UNKNOWN, error, null);
            default:
                throw new ProviderException.Permanent("send_failed", error, null);
        }
    }

    /** The workspace message of a send, built the same way for every attempt (a reconciliation repeats it). */
    static WorkspaceMailer.Message workspaceMessage(Send s) {
        var c = s.content();
        List<WorkspaceMailer.Attachment> attachments = c.mime() == null ? List.of()
                : Forwarding.parse(c.mime()).attachments().stream().map(a -> new WorkspaceMailer.Attachment(
                        a.fileName(), a.contentType(), a.content())).toList();
        return new WorkspaceMailer.Message(c.to(), c.cc(), c.bcc(), c.subject(), c.html(), c.text(),
                new TreeMap<>(c.threadHeaders()), attachments);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
