package com.workestra.email.sync.internal.sync;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.workestra.email.sandbox.Provider;
import com.workestra.email.sandbox.Settings;
import com.workestra.email.sandbox.mail.AccountSpec;
import com.workestra.email.sandbox.mail.MailStore;
import com.workestra.email.sandbox.mail.Mailbox;
import com.workestra.email.sandbox.mail.StoredMessage;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.RemoteMessage;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import com.workestra.email.sync.internal.mime.MimeLimits;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Local ingest benchmark (not a test): raw RFC 5322 messages from the sandbox's generator go through the sync
 * engine's streaming parser and mapper into the real message store on PostgreSQL (through a dbcp2 pool configured
 * like the host's DataSource), in pages of 100 committed with
 * the cursor, exactly as a backfill page is (the store keeps PostgreSQL's statistics current after bulk imports, as
 * in the distribution). Prints messages per second for growing mailboxes and the peak heap of
 * each run, which must stay flat as the mailbox grows.
 *
 * <p>Run with {@code bench/run.sh ingest [messages...]}.
 */
public final class IngestBench {

    private static final int PAGE = 100;

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(5_000, 10_000, 20_000, 40_000);
        }
        MessageMapper mapper = new MessageMapper(MimeLimits.DEFAULTS);
        System.out.printf(Locale.ROOT, "%-10s %10s %12s %12s %12s %14s %14s %16s %14s%n", "messages", "seconds",
                "msg/s", "parse msg/s", "store msg/s", "live heap MiB", "peak heap MiB", "(render msg/s)",
                "(index msg/s)");
        try (TestDatabase db = TestDatabase.open("postgresql"); BasicDataSource pool = pooled(db.dataSource());
                StoreFixture stores = new StoreFixture(pool)) {
            // warm-up: JIT and connection pool, not measured
            run(stores, mapper, 5_000, "warmup");
            vacuum(pool);
            for (int n : sizes) {
                Result r = run(stores, mapper, n, "bench-" + n);
                vacuum(pool);
                System.out.printf(Locale.ROOT, "%-10d %10.2f %12.0f %12.0f %12.0f %14.1f %14.1f %16.0f %14.0f%n", n, r.seconds,
                        n / r.seconds, n / r.parseSeconds, n / r.storeSeconds, r.liveHeapBytes / 1048576.0, r.peakHeapBytes / 1048576.0,
                        n / r.renderSeconds, r.indexRate);
            }
        }
    }

    /**
     * What autovacuum does in a database in normal operation, between the runs (untimed): this machine's PostgreSQL
     * runs with autovacuum off, and the search indexer's updates of every imported row would otherwise leave the
     * next run a table and indexes of twice the size, full of dead rows.
     */
    private static void vacuum(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("VACUUM (ANALYZE) email_message, email_message_address, email_attachment");
        }
    }

    /** A pool configured like the host's DataSource (server-config's org.ops4j.datasource-workestra.cfg). */
    private static BasicDataSource pooled(DataSource plain) {
        BasicDataSource pool = new BasicDataSource();
        // run.sh gives the distribution's PostgreSQL DataSource the same driver option
        pool.setUrl(((PGSimpleDataSource) plain).getURL() + "&reWriteBatchedInserts=true");
        pool.setUsername(((PGSimpleDataSource) plain).getUser());
        pool.setMaxTotal(16);
        pool.setMaxIdle(8);
        pool.setTestOnBorrow(true);
        return pool;
    }

    private record Result(double seconds, double parseSeconds, double storeSeconds, double renderSeconds,
            long peakHeapBytes, long liveHeapBytes, double indexRate) {
    }

    private static Result run(StoreFixture stores, MessageMapper mapper, int n, String name) {
        MailStore generator = new MailStore(new Settings(), Clock.systemUTC());
        String address = name + "@bench.test";
        Mailbox box = generator.create(AccountSpec.of(Provider.GMAIL, address).withMessages(n, 42));
        String connection = stores.connections().connect(new NewConnection("ws-bench", "u-bench", "gmail", address,
                address, name, "personal", null), null, Instant.now()).id();
        MessageStore store = stores.messages();
        List<StoredMessage> all = box.messages();
        System.gc();
        resetPeaks();
        LIVE.reset();
        long renderNanos = 0;
        long parseNanos = 0;
        long storeNanos = 0;
        for (int i = 0; i < all.size(); i += PAGE) {
            // the provider's side: one page of raw messages rendered on demand (not part of the ingest rate), so
            // nothing large stays in memory beyond a page
            long r0 = System.nanoTime();
            List<StoredMessage> slice = all.subList(i, Math.min(all.size(), i + PAGE));
            List<byte[]> raws = new ArrayList<>(slice.size());
            for (StoredMessage m : slice) {
                raws.add(m.raw());
            }
            long p0 = System.nanoTime();
            renderNanos += p0 - r0;
            List<MessageData> page = new ArrayList<>(PAGE);
            for (int j = 0; j < slice.size(); j++) {
                StoredMessage m = slice.get(j);
                byte[] raw = raws.get(j);
                page.add(mapper.map(new FetchedMessage(new RemoteMessage(m.id(), m.threadId(),
                        Set.copyOf(m.labels()), m.read(), m.received(), raw.length), raw)));
            }
            long s0 = System.nanoTime();
            parseNanos += s0 - p0;
            store.apply(connection, page, List.of(), List.of(), "cursor-" + i);
            storeNanos += System.nanoTime() - s0;
        }
        double seconds = (parseNanos + storeNanos) / 1e9;
        // the search indexer's share, done by its own scheduler job in the distribution: timed apart
        long i0 = System.nanoTime();
        long indexed = stores.indexSearch();
        double indexSeconds = (System.nanoTime() - i0) / 1e9;
        long stored = store.counts(connection).messages();
        if (stored != n) {
            throw new IllegalStateException("stored " + stored + " of " + n);
        }
        return new Result(seconds, parseNanos / 1e9, storeNanos / 1e9, renderNanos / 1e9, peakHeap(),
                LIVE.max(), indexed / indexSeconds);
    }

    private static final LiveHeap LIVE = new LiveHeap();

    /**
     * The largest heap left in use after a garbage collection during a run: what the ingest really retains, unlike
     * the peak, which mostly shows how long the collector waited.
     */
    private static final class LiveHeap implements NotificationListener {
        private final AtomicLong max = new AtomicLong();

        LiveHeap() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(this, null, null);
            }
        }

        void reset() {
            max.set(0);
        }

        long max() {
            return max.get();
        }

        @Override
        public void handleNotification(Notification n, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                    (CompositeData) n.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (HEAP_POOLS.contains(pool.getKey())) {
                    used += pool.getValue().getUsed();
                }
            }
            max.accumulateAndGet(used, Math::max);
        }
    }

    private static final Set<String> HEAP_POOLS = heapPools();

    private static Set<String> heapPools() {
        Set<String> names = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                names.add(pool.getName());
            }
        }
        return names;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
