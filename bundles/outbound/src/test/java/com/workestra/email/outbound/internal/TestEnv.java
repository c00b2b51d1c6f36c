package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.workestra.email.api.Caller;
import com.workestra.email.api.OpenTracking;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.spi.MailboxAccess;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.OutboundStore;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sending path on the real stores of a {@link StoreFixture}, with the optional services set per test. */
final class TestEnv implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    final TestDatabase db;
    final Stores store;
    final MutableClock clock = new MutableClock(T0);
    final TestProviders providers = new TestProviders();
    final SendService sends;
    final Outbox outbox;
    final ComposeSettings compose;
    final Caller ana = new Caller("ws-1", "u-ana", "ana@gmail.test", "Ana", false);
    final Caller eve = new Caller("ws-1", "u-eve", "eve@gmail.test", "Eve", false);

    TestEnv(String kind) {
        this(kind, SendSettings.defaults());
    }

    TestEnv(String kind, SendSettings settings) {
        this.db = TestDatabase.open(kind);
        StoreFixture fixture = new StoreFixture(db.dataSource());
        this.store = new Stores(fixture, fixture.connections(), fixture.messages(), fixture.outbound());
        this.sends = new SendService(store.outbound(), store.messages(), store.connections(), providers, settings,
                clock);
        this.outbox = new Outbox(store.outbound(), store.messages(), store.connections(), providers, sends, settings,
                clock);
        this.compose = new ComposeSettings(store.connections(), store.outbound(), () -> providers.mailer, clock);
    }

    /** A personal connection of the caller. */
    String connect(Caller c, String provider, String address) {
        return store.connections().connect(new NewConnection(c.workspaceId(), c.userId(), provider, address, address,
                c.displayName(), "personal", null), null, T0).id();
    }

    /**
     * Runs the outbox (moving the test clock past retry delays) until the send went out; a send that ends failed or
     * unknown fails the test. Gmail's per-user quota of the sandbox may answer 429 meanwhile, which is retried.
     */
    void drain(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String status = store.outbound().find(id).orElseThrow().status();
        while (!"sent".equals(status) && System.nanoTime() < deadline) {
            assertFalse(Set.of("failed", "delivery_unknown").contains(status), status);
            outbox.runOnce();
            clock.advance(Duration.ofMinutes(1));
            status = store.outbound().find(id).orElseThrow().status();
        }
        assertEquals("sent", status, () -> String.valueOf(store.outbound().find(id)));
    }

    /** A single number from SQL. */
    long count(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public void close() {
        store.fixture().close();
        db.close();
    }

    /** The stores of one test, built once. */
    record Stores(StoreFixture fixture, ConnectionStore connections, MessageStore messages, OutboundStore outbound) {
    }

    /** Optional services as plain fields. */
    static final class TestProviders implements Providers {
        volatile MailboxAccess access;
        final Map<String, MailboxOperations> operations = new ConcurrentHashMap<>();
        volatile WorkspaceMailer mailer;
        volatile OpenTracking tracking;

        @Override
        public MailboxAccess access() {
            return access;
        }

        @Override
        public MailboxOperations operations(String provider) {
            return operations.get(provider);
        }

        @Override
        public WorkspaceMailer mailer() {
            return mailer;
        }

        @Override
        public OpenTracking tracking() {
            return tracking;
        }
    }

    /** A clock tests move forward. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
