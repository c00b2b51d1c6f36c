package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ChangePage;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    private static final int FETCH_BATCH = 20;

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
    private final Throttle throttle = new Throttle(Duration.ofSeconds(60));

    /** Creates the sync on the store; {@code initialWindow} bounds the first import and re-lists. */
    public MailboxSync(MessageStore messages, MessageMapper mapper, Clock clock, Duration initialWindow) {
        this.messages = messages;
        this.mapper = mapper;
        this.clock = clock;
        this.initialWindow = initialWindow;
    }

    /** Runs one round for a mailbox of the given provider. */
    public Outcome run(String provider, MailboxOperations ops, MailboxRef mailbox) throws ProviderException {
        Optional<String> cursor = messages.cursor(mailbox.connectionId());
        if (cursor.isEmpty()) {
            return initial(provider, ops, mailbox);
        }
        try {
            return incremental(ops, mailbox, cursor.get());
        } catch (ProviderException.Permanent e) {
            if (!MailboxOperations.CURSOR_EXPIRED.equals(e.code())) {
                throw e;
            }
            LOG.warn("mailbox {}: the provider expired the sync cursor; re-listing the last {} days",
                    mailbox.connectionId(), initialWindow.toDays());
            messages.resetCursor(mailbox.connectionId());
            return initial(provider, ops, mailbox);
        }
    }

    private Outcome initial(String provider, MailboxOperations ops, MailboxRef mailbox) throws ProviderException {
        // take the cursor first: whatever changes while we list is replayed (idempotently) next round
        String start = throttle.call(() -> ops.currentCursor(mailbox));
        Instant since = clock.instant().minus(initialWindow);
        Outcome out = new Outcome(0, 0, 0);
        List<String> folders = "gmail".equals(provider) ? Collections.singletonList(null)
                : Arrays.asList("inbox", "sent");
        for (String folder : folders) {
            String pageToken = null;
            do {
                String token = pageToken;
                ListPage page = throttle.call(() -> ops.list(mailbox, folder, since, token, PAGE));
                int imported = importNew(ops, mailbox, page.messages(), null);
                out = out.plus(imported, 0, 0);
                pageToken = page.nextPageToken();
            } while (pageToken != null);
        }
        messages.apply(mailbox.connectionId(), List.of(), List.of(), List.of(), start);
        return out;
    }

    private Outcome incremental(MailboxOperations ops, MailboxRef mailbox, String cursor) throws ProviderException {
        Outcome out = new Outcome(0, 0, 0);
        String pageToken = null;
        do {
            String token = pageToken;
            ChangePage page = throttle.call(() -> ops.changes(mailbox, cursor, token));
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
            List<MessageData> data = fetchAndMap(ops, mailbox, fresh);
            MessageStore.ApplyResult r = messages.apply(mailbox.connectionId(), data, states, page.deletedIds(),
                    page.newCursor());
            out = out.plus(r.inserted(), r.updated(), r.deleted());
            pageToken = page.nextPageToken();
        } while (pageToken != null);
        return out;
    }

    private int importNew(MailboxOperations ops, MailboxRef mailbox, List<RemoteMessage> listed, String cursor)
            throws ProviderException {
        Set<String> known = messages.known(mailbox.connectionId(),
                listed.stream().map(RemoteMessage::providerId).toList());
        List<RemoteMessage> fresh = listed.stream().filter(m -> !known.contains(m.providerId())).toList();
        List<MessageData> data = fetchAndMap(ops, mailbox, fresh);
        return messages.apply(mailbox.connectionId(), data, List.of(), List.of(), cursor).inserted();
    }

    private List<MessageData> fetchAndMap(MailboxOperations ops, MailboxRef mailbox, List<RemoteMessage> wanted)
            throws ProviderException {
        List<MessageData> out = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i += FETCH_BATCH) {
            List<String> ids = wanted.subList(i, Math.min(wanted.size(), i + FETCH_BATCH)).stream()
                    .map(RemoteMessage::providerId).toList();
            for (FetchedMessage f : throttle.call(() -> ops.fetch(mailbox, ids))) {
                out.add(mapper.map(f));
            }
        }
        return out;
    }
}
