package com.workestra.email.sync.internal.readstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.connector.gmail.internal.GmailConnector;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import com.workestra.email.store.InboxStore.FeedQuery;
import com.workestra.email.store.InboxStore;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageState;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import com.workestra.email.sync.internal.GmailSandbox;
import com.workestra.email.sync.internal.MovingClock;
import com.workestra.email.sync.internal.sync.QuotaLimiters;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read-state pusher on a real database (H2), with the real Gmail connector against the provider sandbox: a
 * change made here reaches the provider once, a rate limit is retried after Retry-After, a stale row does not
 * overwrite a newer provider state, and a message gone at the provider is given up.
 */
class ReadStatePusherSandboxTest {

    private static final String ADDRESS = "readstate@sandbox.test";

    private static GmailSandbox sandbox;
    private static GmailConnector gmail;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        sandbox = GmailSandbox.start();
        gmail = sandbox.gmail();
        control("POST", "/_sandbox/accounts", "{\"provider\":\"gmail\",\"address\":\"" + ADDRESS
                + "\",\"messages\":0}");
        token = sandbox.accessToken(ADDRESS);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static JsonNode control(String method, String path, String json) throws Exception {
        return sandbox.control(method, path, json);
    }

    private static boolean readAtProvider(String providerId) throws Exception {
        return control("GET", "/_sandbox/accounts/" + ADDRESS + "/messages/" + providerId, null).get("read")
                .asBoolean();
    }

    private static String state(TestDatabase db, String messageId) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, last_error FROM email_read_outbox WHERE message_id = '"
                        + messageId + "' ORDER BY created_at DESC, state")) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) {
                b.append(b.length() == 0 ? "" : ",").append(rs.getString(1))
                        .append(rs.getString(2) == null ? "" : "(" + rs.getString(2) + ")");
            }
            return b.toString();
        }
    }

    private static MessageData message(String providerId) {
        return new MessageData(providerId, "t-" + providerId, Set.of("inbox"), false, Instant.now(), providerId + "@x",
                null, List.of(), "Subject " + providerId, new MessageData.Address("peer@example.org", null),
                List.of(), List.of(), List.of(), "s", "t", null, 10, List.of(), Map.of(), List.of());
    }

    @Test
    void pushesRetriesAndNeverOverwritesANewerProviderState() throws Exception {
        try (TestDatabase db = TestDatabase.open("h2"); StoreFixture store = new StoreFixture(db.dataSource())) {
            String connectionId = store.connections().connect(new NewConnection("ws", "u1", "gmail", ADDRESS, ADDRESS,
                    "R", "personal", null), null, Instant.now()).id();
            String delivered = control("POST", "/_sandbox/accounts/" + ADDRESS + "/messages", "{\"from\":"
                    + "\"peer@example.org\",\"to\":[\"" + ADDRESS + "\"],\"subject\":\"Read me\",\"text\":\"x\"}")
                    .get("id").asText();
            store.messages().apply(connectionId, List.of(message(delivered), message("missing0")), List.of(),
                    List.of(), null);
            InboxStore inbox = store.inbox();
            List<InboxStore.FeedItem> items = inbox.feed(new FeedQuery("ws", "u1", InboxStore.Tab.EMAILS, null,
                    null, null, null, 10)).items();
            String id = items.stream().filter(i -> i.subject().equals("Subject " + delivered)).findFirst()
                    .orElseThrow().id();
            String gone = items.stream().filter(i -> i.subject().equals("Subject missing0")).findFirst()
                    .orElseThrow().id();

            MovingClock clock = new MovingClock();
            int[] tokenCalls = {0};
            ReadStatePusher.Access access = new ReadStatePusher.Access() {
                @Override
                public MailConnector connector(String provider) {
                    return gmail;
                }

                @Override
                public MailboxOperations operations(String provider) {
                    return gmail;
                }

                @Override
                public String token(String grant, MailConnector connector) {
                    tokenCalls[0]++;
                    assertEquals(connectionId, grant);
                    return token;
                }

                @Override
                public String tokenAfterRejection(String grant, MailConnector connector, String rejected) {
                    return token;
                }

                @Override
                public void paced(String connectionId, ProviderQuota quota, int units,
                        QuotaLimiters.ProviderCall<?> call) throws ProviderException {
                    // this test drives the outbox's own retry clock; pacing is QuotaLimitersTest's subject
                    assertEquals(5, units, "Gmail's messages.modify costs 5 units");
                    call.run();
                }
            };
            ReadStatePusher pusher = new ReadStatePusher(store.readOutbox(), store.connections()::find, access,
                    new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30), () -> 0.5),
                    new ReadStatePusher.Settings(10, Duration.ofSeconds(120), 3), clock);

            // 1. a rate limit first: retried no earlier than the provider's Retry-After
            control("POST", "/_sandbox/faults", "{\"provider\":\"gmail\",\"pathPattern\":\".*/messages/.*\","
                    + "\"status\":429,\"times\":1,\"retryAfter\":40}");
            assertTrue(inbox.markRead("ws", "u1", id, true, clock.instant()));
            assertEquals(0, pusher.run());
            assertFalse(readAtProvider(delivered));
            assertEquals("pending(rate_limited)", state(db, id));
            clock.advance(Duration.ofSeconds(39));
            assertEquals(0, pusher.run(), "not before Retry-After");
            clock.advance(Duration.ofSeconds(2));
            assertEquals(1, pusher.run());
            assertTrue(readAtProvider(delivered), "the provider sees it read");
            assertEquals("done", state(db, id));
            assertEquals(0, pusher.run(), "pushed once");

            // 2. unread here, but the provider's own newer change (read) arrives by sync first: the stale row is
            // dropped and the provider keeps its state
            clock.advance(Duration.ofSeconds(1));
            assertTrue(inbox.markRead("ws", "u1", id, false, clock.instant()));
            store.messages().apply(connectionId, List.of(), List.of(new MessageState(delivered, null, true)),
                    List.of(), null);
            int before = tokenCalls[0];
            assertEquals(0, pusher.run());
            assertEquals(before, tokenCalls[0], "nothing was sent");
            assertTrue(readAtProvider(delivered));
            assertTrue(state(db, id).startsWith("superseded"), state(db, id));

            // 3. a message gone at the provider: given up, not retried forever
            assertTrue(inbox.markRead("ws", "u1", gone, true, clock.instant()));
            assertEquals(0, pusher.run());
            assertTrue(state(db, gone).startsWith("failed("), state(db, gone));
        } finally {
            control("DELETE", "/_sandbox/faults", null);
        }
    }
}
