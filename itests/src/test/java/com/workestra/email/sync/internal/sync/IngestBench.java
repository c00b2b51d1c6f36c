package com.workestra.email.sync.internal.sync;

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
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Local ingest benchmark (not a test): raw RFC 5322 messages from the sandbox's generator go through the sync
 * engine's streaming parser and mapper into the real message store on PostgreSQL, in pages of 100 committed with
 * the cursor, exactly as a backfill page is. Prints messages per second for growing mailboxes and the peak heap of
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
        System.out.printf(Locale.ROOT, "%-10s %10s %12s %12s %14s%n", "messages", "seconds", "msg/s",
                "parse msg/s", "peak heap MiB");
        try (TestDatabase db = TestDatabase.open("postgresql"); StoreFixture stores = new StoreFixture(db.dataSource())) {
            // warm-up: JIT and connection pool, not measured
            run(stores, mapper, 2_000, "warmup");
            for (int n : sizes) {
                Result r = run(stores, mapper, n, "bench-" + n);
                System.out.printf(Locale.ROOT, "%-10d %10.2f %12.0f %12.0f %14.1f%n", n, r.seconds,
                        n / r.seconds, n / r.parseSeconds, r.peakHeapBytes / 1048576.0);
            }
        }
    }

    private record Result(double seconds, double parseSeconds, long peakHeapBytes) {
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
        long parseNanos = 0;
        long start = System.nanoTime();
        for (int i = 0; i < all.size(); i += PAGE) {
            List<MessageData> page = new ArrayList<>(PAGE);
            long p0 = System.nanoTime();
            for (StoredMessage m : all.subList(i, Math.min(all.size(), i + PAGE))) {
                // raw() renders the message on demand, like a provider answer: nothing large stays in memory
                byte[] raw = m.raw();
                page.add(mapper.map(new FetchedMessage(new RemoteMessage(m.id(), m.threadId(),
                        Set.copyOf(m.labels()), m.read(), m.received(), raw.length), raw)));
            }
            parseNanos += System.nanoTime() - p0;
            store.apply(connection, page, List.of(), List.of(), "cursor-" + i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long stored = store.counts(connection).messages();
        if (stored != n) {
            throw new IllegalStateException("stored " + stored + " of " + n);
        }
        return new Result(seconds, parseNanos / 1e9, peakHeap());
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
