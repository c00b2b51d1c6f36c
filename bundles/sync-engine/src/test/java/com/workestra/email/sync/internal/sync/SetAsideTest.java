package com.workestra.email.sync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.ChangePage;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.spi.RemoteMessage;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import com.workestra.email.sync.internal.MovingClock;
import com.workestra.email.sync.internal.mime.MimeLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A message that always fails does not block its mailbox: each round records an attempt, the other messages of the
 * page are stored, and after {@link MailboxSync#SET_ASIDE_AFTER} attempts the message is set aside with its reason
 * (secrets redacted), the cursor moves on and later rounds never fetch it again (H2 and PostgreSQL).
 */
class SetAsideTest {

    private static final String SECRET = "ya29.a0AfB_byC3xXsecretTokenValue0123456789abcdefghij";

    /** One change page with three new messages; the provider refuses to give out "bad". */
    private static final class OnePoisonedPage implements MailboxOperations {
        final AtomicInteger badFetches = new AtomicInteger();
        final List<String> fetched = new ArrayList<>();
        final Instant at;

        OnePoisonedPage(Instant at) {
            this.at = at;
        }

        @Override
        public ChangePage changes(MailboxRef mailbox, String cursor, String pageToken) {
            if (!cursor.equals("cursor-0")) {
                return new ChangePage(List.of(), List.of(), null, cursor);
            }
            return new ChangePage(List.of(remote("good-1"), remote("bad"), remote("good-2")), List.of(), null,
                    "cursor-1");
        }

        private RemoteMessage remote(String id) {
            return new RemoteMessage(id, "t-" + id, Set.of("inbox"), false, at, 200);
        }

        @Override
        public List<FetchedMessage> fetchListed(MailboxRef mailbox, List<RemoteMessage> listed)
                throws ProviderException {
            List<FetchedMessage> out = new ArrayList<>();
            for (RemoteMessage m : listed) {
                fetched.add(m.providerId());
                if (m.providerId().equals("bad")) {
                    badFetches.incrementAndGet();
                    throw new ProviderException.Permanent("bad_request", "400 Bad Request for message bad,"
                            + " Authorization: Bearer " + SECRET, null);
                }
                out.add(new FetchedMessage(m, ("From: ann@example.test\r\nTo: me@example.test\r\nSubject: "
                        + m.providerId() + "\r\nMessage-ID: <" + m.providerId() + "@example.test>\r\n\r\nHello\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
            }
            return out;
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
            throw new UnsupportedOperationException();
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
    void aMessageThatAlwaysFailsIsSetAsideAndTheMailboxGoesOn(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); StoreFixture stores = new StoreFixture(db.dataSource())) {
            MovingClock clock = new MovingClock();
            MessageStore messages = stores.messages();
            String id = stores.connections().connect(new NewConnection("ws", "u1", "gmail", "a@x.test", "a@x.test",
                    "A", "personal", null), null, clock.instant()).id();
            messages.apply(id, List.of(), List.of(), List.of(), "cursor-0");
            MailboxSync sync = new MailboxSync(messages, new MessageMapper(MimeLimits.DEFAULTS), clock,
                    Duration.ofDays(30), new QuotaLimiters(false));
            MailboxRef ref = new MailboxRef(id, "a@x.test", false, "token");
            OnePoisonedPage ops = new OnePoisonedPage(clock.instant());

            for (int round = 1; round < MailboxSync.SET_ASIDE_AFTER; round++) {
                ProviderException e = assertThrows(ProviderException.Permanent.class, () -> sync.run("gmail", ops,
                        ref));
                assertEquals("bad_request", e.code());
                assertEquals("cursor-0", messages.cursor(id).orElseThrow(), "the page is not done yet");
                assertEquals(Set.of("good-1", "good-2"), messages.known(id, List.of("good-1", "bad", "good-2")),
                        "the other messages of the page are stored meanwhile");
                clock.advance(Duration.ofMinutes(1));
            }
            MailboxSync.Outcome third = sync.run("gmail", ops, ref);
            assertEquals("cursor-1", messages.cursor(id).orElseThrow(), "set aside: the mailbox goes on");
            assertEquals(0, third.fetched(), "the good ones were stored by the earlier rounds, once");
            assertEquals(Set.of("bad"), messages.setAside(id, List.of("good-1", "bad", "good-2")));
            int fetchesOfBad = ops.badFetches.get();

            MessageStore.MessageFailure f = messages.failures(10).get(0);
            assertEquals("bad", f.providerId());
            assertEquals(MailboxSync.SET_ASIDE_AFTER, f.attempts());
            assertTrue(f.setAside());
            assertTrue(f.reason().contains("400 Bad Request"), f.reason());
            assertFalse(f.reason().contains(SECRET), "no secret in the stored reason: " + f.reason());

            // the page comes again (a re-list, another node): the set-aside message is never fetched again
            messages.apply(id, List.of(), List.of(), List.of(), "cursor-0");
            sync.run("gmail", ops, ref);
            assertEquals(fetchesOfBad, ops.badFetches.get());
            assertEquals("cursor-1", messages.cursor(id).orElseThrow());
        }
    }
}
