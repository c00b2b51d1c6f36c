package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ChangePage;
import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.spi.RemoteMessage;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageState;
import com.workestra.email.store.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync round of a mailbox: the first time, the cursor is taken, then the recent window is listed and imported;
 * afterwards only the provider's changes since the cursor are applied. Every page is committed together with the
 * cursor it reaches, so a crash resumes without loss or duplicates; an expired cursor falls back to a bounded re-list.
 */
public final class MailboxSync {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxSync.class);
    private static final int PAGE = 100;
    private static final Duration RETRY_BUDGET = Duration.ofSeconds(60);
    private static final Duration MAX_PACE = Duration.ofSeconds(5);

    /**
     * What a round did.
     *
     * @param fetched new messages imported
     * @param updated messages whose state changed
     * @param deleted messages removed
     */
    public record Outcome(long fetched, long updated, long deleted) {

        Outcome plus(long f, long u, long d) {
            return new Outcome(fetched + f, updated + u, deleted + d);
        }
    }

    private final MessageStore messages;
    private final MessageMapper mapper;
    private final Clock clock;
    private final Duration initialWindow;
    private final QuotaLimiters limiters;

    /**
     * Creates the sync on the store; {@code initialWindow} bounds the first import and re-lists; {@code limiters}
     * pace each mailbox below its provider's quota across rounds.
     */
    public MailboxSync(MessageStore messages, MessageMapper mapper, Clock clock, Duration initialWindow,
            QuotaLimiters limiters) {
        this.messages = messages;
        this.mapper = mapper;
        this.clock = clock;
        this.initialWindow = initialWindow;
        this.limiters = limiters;
    }

    /** Runs one round for a mailbox of the given provider (no lease to keep: a single node). */
    public Outcome run(String provider, MailboxOperations ops, MailboxRef mailbox) throws ProviderException {
        return run(provider, ops, mailbox, () -> true);
    }

    /**
     * Runs one round for a mailbox of the given provider; {@code renewLease} extends this node's lease of the
     * mailbox and is called before every page after the first, as backfill slices do: a node that stalled past its
     * lease learns it there and stops before it writes another page (another node may be syncing the mailbox).
     */
    public Outcome run(String provider, MailboxOperations ops, MailboxRef mailbox, BooleanSupplier renewLease)
            throws ProviderException {
        QuotaLimiter limiter = limiters.of(mailbox.connectionId(), ops.quota());
        Throttle throttle = new Throttle(limiter, RETRY_BUDGET, MAX_PACE, Throttle.PARK);
        return run(provider, ops, mailbox, new Paced(throttle, limiter.quota(), renewLease));
    }

    /** Failed attempts after which a message is set aside (skipped by later rounds, listed for operators). */
    public static final int SET_ASIDE_AFTER = 3;

    /** Code of a round that stopped because this node no longer holds the mailbox's lease. */
    public static final String LEASE_LOST = "mailbox_busy";

    private Outcome run(String provider, MailboxOperations ops, MailboxRef mailbox, Paced throttle)
            throws ProviderException {
        Optional<String> cursor = messages.cursor(mailbox.connectionId());
        if (cursor.isEmpty()) {
            return initial(provider, ops, mailbox, throttle, false);
        }
        try {
            return incremental(ops, mailbox, cursor.get(), throttle);
        } catch (ProviderException.Permanent e) {
            if (!MailboxOperations.CURSOR_EXPIRED.equals(e.code())) {
                throw e;
            }
            LOG.warn("mailbox {}: the provider expired the sync cursor; re-listing the last {} days",
                    mailbox.connectionId(), initialWindow.toDays());
            messages.resetCursor(mailbox.connectionId());
            return initial(provider, ops, mailbox, throttle, true);
        }
    }

    /**
     * Lists the window and imports what is new; after an expired cursor ({@code relist}) the messages of the window
     * that the provider no longer lists are marked deleted, in the transaction that stores the new cursor.
     */
    private Outcome initial(String provider, MailboxOperations ops, MailboxRef mailbox, Paced throttle,
            boolean relist) throws ProviderException {
        // take the cursor first: whatever changes while we list is replayed (idempotently) next round
        String start = throttle.call(throttle.quota().cursorCost(), () -> ops.currentCursor(mailbox));
        Instant since = clock.instant().minus(initialWindow);
        Outcome out = new Outcome(0, 0, 0);
        Set<String> seen = new HashSet<>();
        List<String> folders = "gmail".equals(provider) ? Collections.singletonList(null)
                : Arrays.asList("inbox", "sent");
        for (String folder : folders) {
            String pageToken = null;
            do {
                String token = pageToken;
                if (token != null) {
                    throttle.keepLease(mailbox);
                }
                ListPage page = throttle.call(throttle.quota().listCost(),
                        () -> ops.list(mailbox, folder, since, token, PAGE));
                page.messages().forEach(m -> seen.add(m.providerId()));
                int imported = importNew(ops, mailbox, page.messages(), null, throttle);
                out = out.plus(imported, 0, 0);
                pageToken = page.nextPageToken();
            } while (pageToken != null);
        }
        if (relist) {
            int gone = messages.reconcile(mailbox.connectionId(), since, seen, start);
            LOG.warn("mailbox {}: re-list done, {} new, {} no longer at the provider", mailbox.connectionId(),
                    out.fetched(), gone);
            return out.plus(0, 0, gone);
        }
        messages.apply(mailbox.connectionId(), List.of(), List.of(), List.of(), start);
        return out;
    }

    private Outcome incremental(MailboxOperations ops, MailboxRef mailbox, String cursor, Paced throttle)
            throws ProviderException {
        Outcome out = new Outcome(0, 0, 0);
        String pageToken = null;
        do {
            String token = pageToken;
            if (token != null) {
                throttle.keepLease(mailbox);
            }
            ChangePage page = throttle.call(throttle.quota().changesCost(), () -> ops.changes(mailbox, cursor, token));
            List<String> ids = page.upserts().stream().map(RemoteMessage::providerId).toList();
            Set<String> known = messages.known(mailbox.connectionId(), ids);
            List<RemoteMessage> fresh = new ArrayList<>();
            List<MessageState> states = new ArrayList<>();
            for (RemoteMessage m : page.upserts()) {
                if (known.contains(m.providerId())) {
                    states.add(new MessageState(m.providerId(), m.folders().isEmpty() ? null : m.folders(),
                            m.read()));
                } else {
                    fresh.add(m);
                }
            }
            List<MessageData> data = fetchAndMap(ops, mailbox, fresh, throttle);
            MessageStore.ApplyResult r = apply(mailbox, data, states, page.deletedIds(), page.newCursor());
            out = out.plus(r.inserted(), r.updated(), r.deleted());
            pageToken = page.nextPageToken();
        } while (pageToken != null);
        return out;
    }

    private int importNew(MailboxOperations ops, MailboxRef mailbox, List<RemoteMessage> listed, String cursor,
            Paced throttle) throws ProviderException {
        Set<String> known = messages.known(mailbox.connectionId(),
                listed.stream().map(RemoteMessage::providerId).toList());
        List<RemoteMessage> fresh = listed.stream().filter(m -> !known.contains(m.providerId())).toList();
        List<MessageData> data = fetchAndMap(ops, mailbox, fresh, throttle);
        return apply(mailbox, data, List.of(), List.of(), cursor).inserted();
    }

    /**
     * Fetches and parses new messages, leaving out those set aside. When the batch fails for a reason that is not
     * passing (a provider refusal, a parse failure), each message is tried alone: the failing ones get an attempt
     * recorded and, from the {@link #SET_ASIDE_AFTER}th on, are set aside so the mailbox goes on without them.
     */
    private List<MessageData> fetchAndMap(MailboxOperations ops, MailboxRef mailbox, List<RemoteMessage> wanted,
            Paced throttle) throws ProviderException {
        Set<String> aside = messages.setAside(mailbox.connectionId(),
                wanted.stream().map(RemoteMessage::providerId).toList());
        List<RemoteMessage> fresh = aside.isEmpty() ? wanted
                : wanted.stream().filter(m -> !aside.contains(m.providerId())).toList();
        try {
            return throttle.throttle().fetchAll(ops, mailbox, fresh, throttle.quota(), mapper);
        } catch (ProviderException.Permanent | RuntimeException e) {
            if (fresh.size() == 1) {
                if (!failed(mailbox, fresh.get(0).providerId(), e)) {
                    throw e;
                }
                return List.of();
            }
            List<MessageData> out = new ArrayList<>();
            Exception pending = null;
            for (RemoteMessage m : fresh) {
                try {
                    out.addAll(throttle.throttle().fetchAll(ops, mailbox, List.of(m), throttle.quota(), mapper));
                } catch (ProviderException.Permanent | RuntimeException one) {
                    pending = failed(mailbox, m.providerId(), one) ? pending : one;
                }
            }
            if (pending != null) {
                // the others are kept (idempotent, the cursor stays): the next round only retries the failing one
                apply(mailbox, out, List.of(), List.of(), null);
                rethrow(pending);
            }
            return out;
        }
    }

    /**
     * Stores a page; when the store refuses it, each new message is stored alone (failing ones get an attempt
     * recorded, as for fetches) and then the state changes, deletions and cursor; the cursor moves only when every
     * message is stored or set aside.
     */
    private MessageStore.ApplyResult apply(MailboxRef mailbox, List<MessageData> data, List<MessageState> states,
            List<String> deleted, String cursor) throws ProviderException {
        String id = mailbox.connectionId();
        try {
            return messages.apply(id, data, states, deleted, cursor);
        } catch (RuntimeException e) {
            if (data.isEmpty()) {
                throw e;
            }
            int inserted = 0;
            Exception pending = null;
            for (MessageData d : data) {
                try {
                    inserted += messages.apply(id, List.of(d), List.of(), List.of(), null).inserted();
                } catch (RuntimeException one) {
                    pending = failed(mailbox, d.providerId(), one) ? pending : one;
                }
            }
            rethrow(pending);
            MessageStore.ApplyResult rest = messages.apply(id, List.of(), states, deleted, cursor);
            return new MessageStore.ApplyResult(inserted + rest.inserted(), rest.updated(), rest.deleted());
        }
    }

    /** Records a failed attempt on a message; true when it is now set aside (the round goes on without it). */
    private boolean failed(MailboxRef mailbox, String providerId, Exception e) {
        int attempts = messages.recordFailure(mailbox.connectionId(), providerId, Redaction.reason(e),
                clock.instant(), SET_ASIDE_AFTER);
        if (attempts < SET_ASIDE_AFTER) {
            LOG.warn("mailbox {}: message {} failed ({} of {} attempts): {}", mailbox.connectionId(), providerId,
                    attempts, SET_ASIDE_AFTER, Redaction.reason(e));
            return false;
        }
        LOG.warn("mailbox {}: message {} set aside after {} failed attempts; the mailbox goes on without it",
                mailbox.connectionId(), providerId, attempts, Redaction.redacted(e));
        return true;
    }

    private static void rethrow(Exception pending) throws ProviderException {
        if (pending instanceof ProviderException p) {
            throw p;
        } else if (pending instanceof RuntimeException r) {
            throw r;
        }
    }

    /** The round's throttle with the quota its costs come from, and the renewal of the round's lease. */
    private record Paced(Throttle throttle, ProviderQuota quota, BooleanSupplier renewLease) {

        <T> T call(int units, Throttle.Call<T> call) throws ProviderException {
            return throttle.call(units, call);
        }

        void keepLease(MailboxRef mailbox) throws ProviderException {
            if (!renewLease.getAsBoolean()) {
                LOG.warn("mailbox {}: lease lost during the round (this node stalled past it); round stopped",
                        mailbox.connectionId());
                throw new ProviderException.Transient(LEASE_LOST,
                        "Another server took this mailbox over; it continues the sync.", null);
            }
        }
    }
}
