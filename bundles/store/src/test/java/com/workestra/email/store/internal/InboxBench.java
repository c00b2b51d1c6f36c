package com.workestra.email.store.internal;

import com.workestra.email.store.InboxStore.FeedPage;
import com.workestra.email.store.InboxStore.FeedQuery;
import com.workestra.email.store.InboxStore.Tab;
import com.workestra.email.store.migrate.Migrations;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Benchmark (a program, not a test): seeds PostgreSQL with {@code messages} messages across {@code mailboxes}
 * mailboxes (one user each) with generate_series, then times feed pages and searches through {@link JdbcInboxStore}
 * and prints p50/p95/p99. Run by bench/inbox-bench.sh; arguments: jdbcUrl user schema messages mailboxes runs.
 */
public final class InboxBench {

    private InboxBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
        String user = args.length > 1 ? args[1] : "postgres";
        String schema = args.length > 2 ? args[2] : "wk_bench";
        int messages = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        int mailboxes = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 300;
        boolean reseed = !"keep".equals(System.getProperty("bench.seed", "fresh"));

        try (Connection admin = DriverManager.getConnection(url, user, "")) {
            boolean exists;
            try (ResultSet rs = admin.createStatement().executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
                    + "' AND table_name = 'email_message'")) {
                rs.next();
                exists = rs.getInt(1) > 0;
            }
            if (reseed || !exists) {
                exec(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                exec(admin, "CREATE SCHEMA " + schema);
            }
        }
        Connection shared = DriverManager.getConnection(url + "?currentSchema=" + schema, user, "");
        DataSource ds = single(shared);
        new Migrations(ds, "db/changelog/workestra-email.xml", InboxBench.class.getClassLoader()).update();
        long count;
        try (ResultSet rs = shared.createStatement().executeQuery("SELECT count(*) FROM email_message")) {
            rs.next();
            count = rs.getLong(1);
        }
        if (count < messages) {
            seed(shared, messages, mailboxes);
        }
        shared.setAutoCommit(true);
        try (ResultSet rs = shared.createStatement().executeQuery("SELECT count(*), count(DISTINCT connection_id)"
                + " FROM email_message")) {
            rs.next();
            System.out.printf("dataset: %,d messages in %,d mailboxes (PostgreSQL, schema %s)%n", rs.getLong(1),
                    rs.getLong(2), schema);
        }

        JdbcInboxStore store = new JdbcInboxStore(ds);
        Random random = new Random(7);
        Supplier<String> userOf = () -> "u" + random.nextInt(mailboxes);
        // warm-up (plans, caches)
        for (int i = 0; i < 50; i++) {
            store.feed(new FeedQuery("bench", userOf.get(), Tab.ALL, null, null, null, null, 25));
            store.feed(new FeedQuery("bench", userOf.get(), Tab.ALL, null, null, "alpha", null, 25));
        }
        report("feed, first page (tab=all, 25 items)", time(runs, () -> {
            store.feed(new FeedQuery("bench", userOf.get(), Tab.ALL, null, null, null, null, 25));
        }));
        report("feed, page 5 via cursor (tab=all, 25 items)", time(runs, new Runnable() {
            @Override
            public void run() {
                String u = userOf.get();
                FeedPage p = null;
                for (int i = 0; i < 5; i++) {
                    p = store.feed(new FeedQuery("bench", u, Tab.ALL, null, null, null,
                            p == null ? null : p.nextCursor(), 25));
                }
            }
        }), 5);
        report("feed, unread tab (25 items)", time(runs, () -> {
            store.feed(new FeedQuery("bench", userOf.get(), Tab.UNREAD, null, null, null, null, 25));
        }));
        String[] words = {"alpha", "invoice", "meeting", "zulu", "contract renewal", "quarterly report"};
        report("search, one or two words (25 items)", time(runs, () -> {
            store.feed(new FeedQuery("bench", userOf.get(), Tab.EMAILS, null, null,
                    words[random.nextInt(words.length)], null, 25));
        }));
        report("search, sender address (25 items)", time(runs, () -> {
            store.feed(new FeedQuery("bench", userOf.get(), Tab.EMAILS, null, null,
                    "client" + random.nextInt(5000) + "@customers.test", null, 25));
        }));
        report("search, rare word (25 items)", time(runs, () -> {
            store.feed(new FeedQuery("bench", userOf.get(), Tab.EMAILS, null, null, "xylophone", null, 25));
        }));
        shared.close();
    }

    private static void seed(Connection c, int messages, int mailboxes) throws SQLException {
        long t0 = System.nanoTime();
        c.setAutoCommit(true);
        exec(c, "TRUNCATE email_message_address, email_message, email_connection CASCADE");
        exec(c, "INSERT INTO email_connection (id, workspace_id, user_id, provider, account_id, address,"
                + " display_name, kind, status, connected_at, version) SELECT 'c' || lpad(i::text, 6, '0'), 'bench',"
                + " 'u' || i, 'gmail', 'acct' || i, 'user' || i || '@bench.test', 'User ' || i, 'personal', 'active',"
                + " now(), 0 FROM generate_series(0, " + (mailboxes - 1) + ") i");
        // indexes are built once after the bulk load (much faster than row by row), with the changelog's definitions
        exec(c, "DROP INDEX ix_message_search");
        exec(c, "DROP INDEX ix_message_address_search");
        exec(c, "DROP INDEX ix_message_feed");
        String words = "ARRAY['alpha', 'invoice', 'meeting', 'contract', 'renewal', 'quarterly', 'report', 'budget',"
                + " 'hiring', 'ticket', 'customer', 'deal', 'zulu', 'schedule', 'review', 'project', 'launch',"
                + " 'support', 'candidate', 'interview']";
        int chunk = 100_000;
        for (int from = 0; from < messages; from += chunk) {
            int to = Math.min(messages, from + chunk) - 1;
            // subjects of real words; bodies of ~40 pseudo-words from a 4,000-word vocabulary plus real words;
            // every 2000th message mentions the rare word
            exec(c, "INSERT INTO email_message (id, connection_id, provider_id, provider_thread_id,"
                    + " internet_message_id, subject, from_address, from_name, received_at, folders, is_read,"
                    + " in_sent, snippet, text_body, size_bytes, has_attachments, deleted, created_at, updated_at,"
                    + " thread_id, search_tsv) SELECT gen_random_uuid()::text, 'c' || lpad((g % " + mailboxes + ")::text, 6,"
                    + " '0'), 'p' || g, 't' || (g / 3), 'm' || g || '@bench.test', s.subject, 'client' || (g % 5000)"
                    + " || '@customers.test', 'Client ' || (g % 5000), now() - (g % 31536000) * interval '1 second',"
                    + " CASE WHEN g % 10 = 0 THEN 'sent' ELSE 'inbox' END, g % 3 <> 0, g % 10 = 0, left(s.body, 200),"
                    + " s.body, 2000 + g % 5000, g % 7 = 0, FALSE, now(), now(), md5('t' || (g / 3)),"
                    // the vector the store's search indexer writes (SearchSql.vector)
                    + " to_tsvector('simple', s.subject || ' Client ' || (g % 5000) || ' client' || (g % 5000)"
                    + " || '@customers.test ' || left(s.body, 100000))"
                    + " FROM generate_series(" + from + ", " + to + ") g CROSS JOIN LATERAL (SELECT"
                    + " (" + words + ")[1 + g % 20] || ' ' || (" + words + ")[1 + (g / 20) % 20] || ' ' || (" + words
                    + ")[1 + (g / 400) % 20] AS subject, (SELECT string_agg(substr(md5(((g * 17 + k * 7919) % 4000)"
                    + "::text), 1, 4 + k % 4), ' ') FROM generate_series(1, 40) k) || ' ' || (" + words + ")[1 + (g / 7)"
                    + " % 20] || ' ' || (" + words + ")[1 + (g / 3) % 20] || CASE WHEN g % 2000 = 0 THEN ' xylophone'"
                    + " ELSE '' END AS body) s");
            System.out.printf("seeded %,d messages (%d s)%n", to + 1, (System.nanoTime() - t0) / 1_000_000_000L);
        }
        exec(c, "INSERT INTO email_message_address (message_id, kind, pos, address, name) SELECT id, 'from', 0,"
                + " from_address, from_name FROM email_message");
        exec(c, "INSERT INTO email_message_address (message_id, kind, pos, address, name) SELECT m.id, 'to', 0,"
                + " c.address, c.display_name FROM email_message m JOIN email_connection c ON c.id = m.connection_id");
        System.out.printf("rows in %d s, building indexes%n", (System.nanoTime() - t0) / 1_000_000_000L);
        exec(c, "SET maintenance_work_mem = '256MB'");
        exec(c, "CREATE INDEX ix_message_feed ON email_message (connection_id, deleted, received_at DESC, id DESC)");
        exec(c, "CREATE INDEX ix_message_search ON email_message USING gin (search_tsv)");
        exec(c, "CREATE INDEX ix_message_address_search ON email_message_address"
                + " USING gin (to_tsvector('simple', address || ' ' || coalesce(name, '')))");
        exec(c, "VACUUM ANALYZE email_message");
        exec(c, "VACUUM ANALYZE email_message_address");
        exec(c, "ANALYZE email_connection");
        System.out.printf("seeded in %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
    }

    private static long[] time(int runs, Runnable call) {
        long[] ns = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            call.run();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        return ns;
    }

    private static void report(String what, long[] ns) {
        report(what, ns, 1);
    }

    private static void report(String what, long[] ns, int calls) {
        System.out.printf("%-48s p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  (n=%d%s)%n", what,
                ms(ns, 0.50) / calls, ms(ns, 0.95) / calls, ms(ns, 0.99) / calls, ns.length,
                calls > 1 ? ", per page of " + calls + " sequential pages" : "");
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A DataSource handing out one open connection (close ignored), as a pool would without the set-up cost. */
    private static DataSource single(Connection c) {
        Connection handle = (Connection) Proxy.newProxyInstance(InboxBench.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> "close".equals(m.getName()) ? null : m.invoke(c, a));
        return (DataSource) Proxy.newProxyInstance(InboxBench.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getConnection" -> handle;
                    case "getLogWriter" -> new PrintWriter(System.out);
                    case "getParentLogger" -> Logger.getGlobal();
                    case "isWrapperFor" -> false;
                    default -> null;
                });
    }

}
