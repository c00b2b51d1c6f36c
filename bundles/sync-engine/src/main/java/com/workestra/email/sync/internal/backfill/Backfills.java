package com.workestra.email.sync.internal.backfill;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.BackfillService;
import com.workestra.email.api.Caller;
import com.workestra.email.api.ConnectionView.BackfillView;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.BackfillRecord;
import com.workestra.email.store.BackfillStore;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.sync.internal.connect.TokenAccess;
import com.workestra.email.sync.internal.mime.MimeLimits;
import com.workestra.email.sync.internal.sync.BackfillSlice;
import com.workestra.email.sync.internal.sync.QuotaLimiters;
import com.workestra.email.sync.internal.sync.MessageMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills, host-neutral: preview, start, pause, resume, cancel, progress, and the slices the host scheduler's tick
 * runs (one provider page per mailbox per tick, under the mailbox's lease).
 */
public final class Backfills implements BackfillService {

    private static final Logger LOG = LoggerFactory.getLogger(Backfills.class);
    /**
     * How long a node may hold a mailbox for one slice before another node may take it over (renewed before every
     * slice).
     */
    static final Duration SLICE_LEASE = Duration.ofMinutes(2);
    /**
     * How long one tick keeps slicing, shared by the backfills it runs: long against the tick's period, so the idle
     * gap between two ticks (up to a period) costs a quota-paced backfill about 1 % of its quota.
     */
    private static final Duration TICK_BUDGET = Duration.ofSeconds(55);
    /** The least time a backfill gets in a busy tick. */
    private static final Duration MIN_SLICING = Duration.ofSeconds(2);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /**
     * What the backfills work with.
     *
     * @param connections the connections
     * @param jobs the backfill jobs (absent until the store is up)
     * @param messages the message store (absent until the store is up)
     * @param connectors the connectors by provider
     * @param operations the mail operations by provider
     * @param tokens valid access tokens
     * @param lock the mailbox lock shared with the sync rounds
     * @param tickSeconds the period of the scheduler tick that runs the slices
     */
    public record Wiring(ConnectionStore connections, Supplier<BackfillStore> jobs, Supplier<MessageStore> messages,
            Function<String, MailConnector> connectors, Function<String, MailboxOperations> operations,
            TokenAccess tokens, MailboxLock lock, long tickSeconds, QuotaLimiters limiters) {
    }

    private final Wiring w;
    private final Clock clock;

    /** Creates the backfills. */
    public Backfills(Wiring wiring, Clock clock) {
        this.w = wiring;
        this.clock = clock;
    }

    @Override
    public Preview preview(Caller caller, String connectionId, String range) {
        BackfillRanges.check(range);
        ConnectionRecord c = owned(caller, connectionId);
        long estimate = estimate(c, BackfillRanges.since(range, clock.instant()));
        return new Preview(estimate, BackfillRanges.seconds(c.provider(), estimate));
    }

    @Override
    public BackfillView start(Caller caller, String connectionId, String range) {
        BackfillRanges.check(range);
        ConnectionRecord c = owned(caller, connectionId);
        return view(start(c, range), c.provider());
    }

    /** Starts a backfill of any active connection (admin shell); the total is the provider's estimate. */
    public BackfillRecord start(ConnectionRecord c, String range) {
        BackfillRanges.check(range);
        BackfillStore jobs = jobs();
        Instant now = clock.instant();
        Optional<BackfillRecord> latest = jobs.latest(c.id());
        if (latest.isPresent() && latest.get().open()) {
            throw conflict(new BackfillStore.Conflict("A backfill of this mailbox is already "
                    + latest.get().state() + ".", latest.get()));
        }
        Instant since = BackfillRanges.since(range, now);
        long estimate = estimate(c, since);
        try {
            BackfillRecord b = jobs.start(c.id(), range, since, estimate < 0 ? null : estimate, now);
            LOG.info("mailbox {}: backfill {} of range {} started", c.id(), b.id(), range);
            return b;
        } catch (BackfillStore.Conflict e) {
            throw conflict(e);
        }
    }

    @Override
    public BackfillView transition(Caller caller, String connectionId, String action) {
        ConnectionRecord c = owned(caller, connectionId);
        return view(transition(c.id(), action), c.provider());
    }

    /** Pauses, resumes or cancels the latest backfill of any connection (admin shell). */
    public BackfillRecord transition(String connectionId, String action) {
        if (!List.of("pause", "resume", "cancel").contains(action)) {
            throw ApiException.badRequest("action", "action must be pause, resume or cancel.");
        }
        try {
            BackfillRecord b = jobs().transition(connectionId, action, clock.instant())
                    .orElseThrow(() -> ApiException.notFound("The backfill"));
            LOG.info("mailbox {}: backfill {} {}", connectionId, b.id(), b.state());
            return b;
        } catch (BackfillStore.Conflict e) {
            throw conflict(e);
        }
    }

    @Override
    public BackfillView current(Caller caller, String connectionId) {
        ConnectionRecord c = owned(caller, connectionId);
        return current(c).orElseThrow(() -> ApiException.notFound("The backfill"));
    }

    /** The connection's current or last backfill as the connection JSON shows it. */
    public Optional<BackfillView> current(ConnectionRecord c) {
        BackfillStore jobs = w.jobs().get();
        return jobs == null ? Optional.empty() : jobs.latest(c.id()).map(b -> view(b, c.provider()));
    }

    /** The latest backfill of every connection (admin shell). */
    public List<BackfillRecord> overview() {
        BackfillStore jobs = w.jobs().get();
        return jobs == null ? List.of() : jobs.latestOfAll();
    }

    /**
     * Records the first sync of a new connection (the default range, 30 days, imported inline by the first round)
     * as a completed backfill, unless the connection already has one.
     */
    public void recordFirstSync(ConnectionRecord c, String range, Instant since) {
        BackfillStore jobs = w.jobs().get();
        MessageStore messages = w.messages().get();
        if (jobs == null || messages == null || jobs.latest(c.id()).isPresent()) {
            return;
        }
        jobs.recordCompleted(c.id(), range, since, messages.counts(c.id()).messages(), clock.instant());
    }

    /** Whether the connection has no backfill yet (its first sync is still to come). */
    public boolean none(String connectionId) {
        BackfillStore jobs = w.jobs().get();
        return jobs != null && jobs.latest(connectionId).isEmpty();
    }

    /** One tick: one slice of up to {@code max} running backfills (each under its mailbox's lease). */
    public int tick(int max) {
        BackfillStore jobs = w.jobs().get();
        MessageStore messages = w.messages().get();
        if (jobs == null || messages == null) {
            return 0;
        }
        int ran = 0;
        Instant now = clock.instant();
        List<BackfillRecord> running = jobs.running(max * 4);
        long budget = Math.max(MIN_SLICING.toNanos(), TICK_BUDGET.toNanos() / Math.max(1, Math.min(max,
                running.size())));
        for (BackfillRecord job : running) {
            if (ran >= max) {
                break;
            }
            if (job.attempts() > 0 && job.updatedAt().plus(backoff(job.attempts())).isAfter(now)) {
                continue;
            }
            try {
                // slices one after the other while the mailbox's quota lets them go, up to a time budget per tick
                long deadline = System.nanoTime() + budget;
                if (w.lock().run(job.connectionId(), SLICE_LEASE, MailboxLock.BACKFILL, null, () -> {
                    // the job is re-read between slices: a pause or cancel lands on the next page; a Sync now or
                    // sync round waiting for the mailbox gets it after the current page; the lease is renewed
                    // before each further slice, and a lost lease (this node stalled past it) ends the run
                    while (slice(jobs, messages, job.id()) && System.nanoTime() < deadline
                            && !w.lock().wanted(job.connectionId())
                            && w.lock().renew(job.connectionId(), SLICE_LEASE)) {
                        // next slice
                    }
                }) == MailboxLock.Result.RAN) {
                    ran++;
                }
            } catch (RuntimeException e) {
                // storage trouble: recorded on the job, retried with backoff; the text may quote data
                LOG.warn("backfill {}: slice failed: {}", job.id(), e.getClass().getName());
                recordError(jobs, job.id(), ProviderException.CONNECTION_FAILED, false);
            }
        }
        return ran;
    }

    /** One slice; true when it went through and the job still runs (another slice may follow at once). */
    private boolean slice(BackfillStore jobs, MessageStore messages, String jobId) {
        Optional<BackfillRecord> fresh = jobs.find(jobId).filter(b -> BackfillRecord.RUNNING.equals(b.state()));
        if (fresh.isEmpty()) {
            return false;
        }
        BackfillRecord job = fresh.get();
        Optional<ConnectionRecord> c = w.connections().find(job.connectionId()).filter(ConnectionRecord::active);
        if (c.isEmpty()) {
            recordError(jobs, jobId, "disconnected", true);
            return false;
        }
        MailConnector connector = w.connectors().apply(c.get().provider());
        MailboxOperations ops = w.operations().apply(c.get().provider());
        try {
            if (connector == null || ops == null) {
                throw new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                        "The " + c.get().provider() + " connector is not running on this server.", null);
            }
            BackfillSlice slice = new BackfillSlice(messages, jobs, new MessageMapper(MimeLimits.DEFAULTS), clock,
                    w.limiters());
            List<String> folders = BackfillRanges.folders(c.get().provider());
            String grant = c.get().delegatedBy() != null ? c.get().delegatedBy() : c.get().id();
            String token = w.tokens().accessToken(grant, connector);
            Optional<BackfillRecord> after;
            try {
                after = slice.run(job, folders, ops, mailbox(c.get(), token));
            } catch (ProviderException.Authorization e) {
                if (!ProviderException.TOKEN_EXPIRED.equals(e.code())) {
                    throw e;
                }
                after = slice.run(job, folders, ops, mailbox(c.get(),
                        w.tokens().afterRejection(grant, connector, token)));
            }
            after.filter(b -> BackfillRecord.COMPLETED.equals(b.state())).ifPresent(b -> LOG.info(
                    "mailbox {}: backfill {} completed, {} messages", b.connectionId(), b.id(), b.processed()));
            return after.filter(b -> BackfillRecord.RUNNING.equals(b.state())).isPresent();
        } catch (ProviderException.Permanent e) {
            LOG.warn("backfill {}: stopped: {}", jobId, e.code());
            recordError(jobs, jobId, e.code(), true);
        } catch (ProviderException.RateLimited e) {
            // the mailbox's quota is spent for now: not a failure; the next tick asks the pacing again (no provider
            // call until the wait is over)
            LOG.debug("backfill {}: quota wait {} s", jobId, e.retryAfter().toSeconds());
        } catch (ProviderException e) {
            // unavailable, or a grant that needs the user: retried with backoff, never lost
            LOG.info("backfill {}: slice postponed: {}", jobId, e.code());
            recordError(jobs, jobId, e.code(), false);
        }
        return false;
    }

    private void recordError(BackfillStore jobs, String jobId, String code, boolean fail) {
        try {
            jobs.recordError(jobId, code, fail, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("backfill {}: error not recorded: {}", jobId, e.getClass().getName());
        }
    }

    /** Exponential backoff of a failing job: 2, 4, 8 ... seconds, at most five minutes. */
    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(attempts, 20);
        return seconds > MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    /** The provider's count or estimate of the messages since {@code since} (null = all), over the folders. */
    private long estimate(ConnectionRecord c, Instant since) {
        MailConnector connector = w.connectors().apply(c.provider());
        MailboxOperations ops = w.operations().apply(c.provider());
        if (connector == null || ops == null) {
            throw new ApiException(503, ProviderException.PROVIDER_UNAVAILABLE,
                    "The " + c.provider() + " connector is not running on this server.", Map.of());
        }
        try {
            String grant = c.delegatedBy() != null ? c.delegatedBy() : c.id();
            MailboxRef mailbox = mailbox(c, w.tokens().accessToken(grant, connector));
            long total = 0;
            for (String folder : BackfillRanges.folders(c.provider())) {
                long n = ops.count(mailbox, folder, since);
                if (n < 0) {
                    return -1;
                }
                total += n;
            }
            return total;
        } catch (ProviderException e) {
            int status = e instanceof ProviderException.RateLimited ? 429
                    : e instanceof ProviderException.Transient ? 503 : 502;
            Map<String, Object> details = e instanceof ProviderException.RateLimited r
                    ? Map.of("retryAfter", Math.max(1, r.retryAfter().toSeconds())) : Map.of();
            throw new ApiException(status, e.code(), e.getMessage(), details);
        }
    }

    /** The API view: percent and ETA when the total is known (ETA from the quota and the tick pace). */
    public BackfillView view(BackfillRecord b, String provider) {
        Long total = b.total();
        Integer percent = null;
        Long eta = null;
        if (BackfillRecord.COMPLETED.equals(b.state())) {
            percent = 100;
            eta = 0L;
        } else if (total != null && total > 0) {
            percent = (int) Math.min(99, b.processed() * 100 / total);
            if (BackfillRecord.RUNNING.equals(b.state())) {
                long left = Math.max(0, total - b.processed());
                long pages = (left + BackfillSlice.PAGE - 1) / BackfillSlice.PAGE;
                eta = Math.max(BackfillRanges.seconds(provider, left), pages * w.tickSeconds());
            }
        } else if (total != null) {
            percent = 0;
        }
        return new BackfillView(b.id(), b.range(), b.state(), b.processed(), total, percent, eta);
    }

    private static MailboxRef mailbox(ConnectionRecord c, String token) {
        return new MailboxRef(c.id(), c.address(), "shared".equals(c.kind()), token);
    }

    private BackfillStore jobs() {
        BackfillStore jobs = w.jobs().get();
        if (jobs == null) {
            throw new ApiException(503, "unavailable", "Backfills are not available yet; try again shortly.",
                    Map.of("retryAfter", 5));
        }
        return jobs;
    }

    private static ApiException conflict(BackfillStore.Conflict e) {
        return ApiException.conflict("backfill_conflict", e.getMessage());
    }

    private ConnectionRecord owned(Caller caller, String id) {
        if (id == null || id.length() > 64) {
            throw ApiException.notFound("The connection");
        }
        return w.connections().find(id)
                .filter(c -> c.workspaceId().equals(caller.workspaceId()) && c.userId().equals(caller.userId()))
                .filter(ConnectionRecord::active)
                .orElseThrow(() -> ApiException.notFound("The connection"));
    }
}
