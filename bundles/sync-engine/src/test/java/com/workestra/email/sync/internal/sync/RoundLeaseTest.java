package com.workestra.email.sync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.workestra.email.spi.ChangePage;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.store.Leases;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import com.workestra.email.sync.internal.MovingClock;
import com.workestra.email.sync.internal.backfill.MailboxLock;
import com.workestra.email.sync.internal.mime.MimeLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sync round renews its mailbox lease between pages, as backfill slices do: a long round outlasts its first lease
 * term, and a node that stalled past its lease stops before it writes another page (H2 and PostgreSQL).
 */
class RoundLeaseTest {

    private static final Duration TTL = Duration.ofMinutes(2);

    /** A mailbox whose changes come in pages; each page takes the clock 90 s further (a slow provider). */
    private static class SlowPages implements MailboxOperations {
        private final MovingClock clock;
        private final int pages;
        final AtomicInteger served = new AtomicInteger();

        SlowPages(MovingClock clock, int pages) {
            this.clock = clock;
            this.pages = pages;
        }

        @Override
        public ChangePage changes(MailboxRef mailbox, String cursor, String pageToken) {
            int n = pageToken == null ? 1 : Integer.parseInt(pageToken);
            served.incrementAndGet();
            clock.advance(Duration.ofSeconds(90));
            return new ChangePage(List.of(), List.of(), n < pages ? String.valueOf(n + 1) : null, "cursor-" + n);
        }

        @Override
        public ProviderQuota quota() {
            return ProviderQuota.UNLIMITED;
        }

        @Override
        public ListPage list(MailboxRef mailbox, String folder, Instant since, String pageToken, int pageSize) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<FetchedMessage> fetch(MailboxRef mailbox, List<String> providerIds) {
            return List.of();
        }

        @Override
        public String currentCursor(MailboxRef mailbox) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setRead(MailboxRef mailbox, String providerId, boolean read) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String send(MailboxRef mailbox, byte[] mime, String providerThreadId) {
            throw new UnsupportedOperationException();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRoundRenewsItsLeaseBetweenPagesAndStopsWhenItLostIt(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); StoreFixture stores = new StoreFixture(db.dataSource())) {
            MovingClock clock = new MovingClock();
            MessageStore messages = stores.messages();
            String id = stores.connections().connect(new NewConnection("ws", "u1", "gmail", "a@x.test", "a@x.test",
                    "A", "personal", null), null, clock.instant()).id();
            messages.apply(id, List.of(), List.of(), List.of(), "cursor-0");
            Leases a = stores.leases("node-a");
            Leases b = stores.leases("node-b");
            MailboxLock nodeA = new MailboxLock(() -> a, clock);
            MailboxLock nodeB = new MailboxLock(() -> b, clock);
            MailboxSync sync = new MailboxSync(messages, new MessageMapper(MimeLimits.DEFAULTS), clock,
                    Duration.ofDays(30), new QuotaLimiters(false));
            MailboxRef ref = new MailboxRef(id, "a@x.test", false, "token");

            // five pages of 90 s: 450 s under a 2-minute lease, renewed before each page; node B never gets in
            SlowPages five = new SlowPages(clock, 5);
            nodeA.run(id, TTL, () -> {
                sync.run("gmail", five, ref, () -> nodeA.renew(id, TTL));
                assertEquals(false, nodeB.run(id, TTL, () -> { }), "the renewed lease still holds");
            });
            assertEquals(5, five.served.get());
            assertEquals("cursor-5", messages.cursor(id).orElseThrow());

            // node A stalls past its lease after the first page; node B takes the mailbox; node A stops there
            messages.apply(id, List.of(), List.of(), List.of(), "cursor-0");
            SlowPages stalled = new SlowPages(clock, 3) {
                @Override
                public ChangePage changes(MailboxRef mailbox, String cursor, String pageToken) {
                    ChangePage page = super.changes(mailbox, cursor, pageToken);
                    if (pageToken == null) {
                        clock.advance(TTL);
                        assertEquals(true, b.claim("mailbox:" + id, clock.instant(), TTL), "node B takes over");
                    }
                    return page;
                }
            };
            nodeA.run(id, TTL, () -> {
                ProviderException e = assertThrows(ProviderException.Transient.class,
                        () -> sync.run("gmail", stalled, ref, () -> nodeA.renew(id, TTL)));
                assertEquals(MailboxSync.LEASE_LOST, e.code());
            });
            assertEquals(1, stalled.served.get(), "no page after the lease was lost");
            assertEquals("cursor-1", messages.cursor(id).orElseThrow(), "only the page before the loss is stored");
        }
    }
}
