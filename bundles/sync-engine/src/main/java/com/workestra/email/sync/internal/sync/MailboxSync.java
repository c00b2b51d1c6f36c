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
            MessageStore.ApplyResult r = messages.apply(mailbox.connectionId(), data, states, page.deletedIds(),
                    page.newCursor());
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
        return messages.apply(mailbox.connectionId(), data, List.of(), List.of(), cursor).inserted();
    }

    private List<MessageData> fetchAndMap(MailboxOperations ops, MailboxRef mailbox, List<RemoteMessage> wanted,
            Paced throttle) throws ProviderException {
        return throttle.throttle().fetchAll(ops, mailbox, wanted, throttle.quota(), mapper);
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
