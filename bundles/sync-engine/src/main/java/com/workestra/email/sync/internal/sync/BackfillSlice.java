package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.spi.RemoteMessage;
import com.workestra.email.store.BackfillRecord;
import com.workestra.email.store.BackfillStore;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One bounded slice of a backfill: one provider page of the job's folder, newest first, from the stored page token;
 * the messages not stored yet are fetched, and the rows are committed together with the next position. A slice that
 * fails stores nothing and leaves the position where it was, so the next attempt (on this node or another) repeats
 * exactly this page.
 */
public final class BackfillSlice {

    /** Messages per slice (one provider page). */
    public static final int PAGE = 100;
    private static final Duration RETRY_BUDGET = Duration.ofSeconds(20);
    private static final Duration MAX_PACE = Duration.ofSeconds(5);

    private final MessageStore messages;
    private final BackfillStore jobs;
    private final MessageMapper mapper;
    private final Clock clock;
    private final QuotaLimiters limiters;

    /** Creates the slice runner on the stores; {@code limiters} pace each mailbox below its provider's quota. */
    public BackfillSlice(MessageStore messages, BackfillStore jobs, MessageMapper mapper, Clock clock,
            QuotaLimiters limiters) {
        this.messages = messages;
        this.jobs = jobs;
        this.mapper = mapper;
        this.clock = clock;
        this.limiters = limiters;
    }

    /**
     * Runs the next slice of the job.
     *
     * @param folders the provider's folders in listing order ({@code null} = all mail)
     * @return the job after the slice, or empty when it moved meanwhile (paused, cancelled, or sliced elsewhere)
     */
    public Optional<BackfillRecord> run(BackfillRecord job, List<String> folders, MailboxOperations ops,
            MailboxRef mailbox) throws ProviderException {
        QuotaLimiter limiter = limiters.of(mailbox.connectionId(), ops.quota());
        ProviderQuota quota = limiter.quota();
        Throttle throttle = new Throttle(limiter, RETRY_BUDGET, MAX_PACE, Throttle.PARK);
        String folder = folders.get(Math.min(job.folderIndex(), folders.size() - 1));
        String token = job.pageToken();
        ListPage page = throttle.call(quota.listCost(), () -> ops.list(mailbox, folder, job.since(), token, PAGE));
        Set<String> known = messages.known(mailbox.connectionId(),
                page.messages().stream().map(RemoteMessage::providerId).toList());
        Map<String, RemoteMessage> unseen = new LinkedHashMap<>();
        for (RemoteMessage m : page.messages()) {
            if (!known.contains(m.providerId())) {
                unseen.putIfAbsent(m.providerId(), m);
            }
        }
        List<RemoteMessage> wanted = List.copyOf(unseen.values());
        List<MessageData> data = throttle.fetchAll(ops, mailbox, wanted, quota, mapper);
        int nextFolder = job.folderIndex();
        String nextToken = page.nextPageToken();
        if (nextToken == null) {
            nextFolder++;
        }
        boolean done = nextToken == null && nextFolder >= folders.size();
        return jobs.commitSlice(job.id(), job.folderIndex(), job.pageToken(), new BackfillStore.Slice(data,
                page.messages().size(), done ? job.folderIndex() : nextFolder, nextToken, done, null),
                clock.instant());
    }
}
