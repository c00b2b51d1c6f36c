package com.workestra.email.connector.gmail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.workestra.email.spi.ChangePage;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.RemoteMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MailboxOperations} of the Gmail connector against the provider sandbox, through the real Gmail client and a
 * real OAuth token; every expectation is checked against the sandbox's control API.
 */
class GmailMailboxOperationsSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static SandboxHarness harness;
    private static MailboxOperations ops;

    @BeforeAll
    static void start() throws Exception {
        harness = SandboxHarness.start();
        ops = harness.connector;
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @AfterEach
    void restoreDefaults() throws Exception {
        harness.control("DELETE", "/_sandbox/faults", null);
        quotas(true);
    }

    // ------------------------------------------------------------------ helpers

    private static void quotas(boolean on) throws Exception {
        harness.control("PUT", "/_sandbox/settings", "{\"quotas\":" + on + "}");
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(harness.control("GET", path, null).body());
    }

    /** A fresh mailbox with {@code messages} generated messages, and a ref holding a real token for it. */
    private static MailboxRef newMailbox(int messages) throws Exception {
        String address = "gmail-ops-" + ACCOUNTS.incrementAndGet() + "@workestra-demo.test";
        harness.control("POST", "/_sandbox/accounts", "{\"provider\":\"gmail\",\"address\":\"" + address
                + "\",\"messages\":" + messages + ",\"seed\":" + (41 + ACCOUNTS.get()) + ",\"spanDays\":20}");
        return new MailboxRef("conn-" + ACCOUNTS.get(), address, false, harness.accessTokenOf(address));
    }

    private static JsonNode account(MailboxRef mailbox) throws Exception {
        return get("/_sandbox/accounts/" + mailbox.address());
    }

    private static JsonNode message(MailboxRef mailbox, String id) throws Exception {
        return get("/_sandbox/accounts/" + mailbox.address() + "/messages/" + id);
    }

    private static String deliver(MailboxRef mailbox, String subject) throws Exception {
        return JSON.readTree(harness.control("POST", "/_sandbox/accounts/" + mailbox.address() + "/messages",
                "{\"from\":\"peer@example.org\",\"subject\":\"" + subject + "\",\"text\":\"hello\"}").body())
                .path("id").asText();
    }

    private static long requests() throws Exception {
        return get("/_sandbox/stats").path("requests").path("gmail").asLong(0);
    }

    private static long calls(String method) throws Exception {
        return get("/_sandbox/stats").path("methods").path("gmail").path(method).asLong(0);
    }

    private static long quotaUnits(MailboxRef mailbox) throws Exception {
        return get("/_sandbox/stats").path("quotaUnits").path("gmail").path(mailbox.address()).asLong(0);
    }

    /** Every id of a listing, page by page, asserting that no id comes twice. */
    private static List<String> listAll(MailboxRef mailbox, String folder, Instant since, int pageSize)
            throws Exception {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            ListPage page = ops.list(mailbox, folder, since, token, pageSize);
            assertTrue(page.messages().size() <= pageSize, "page size honoured");
            for (RemoteMessage m : page.messages()) {
                assertTrue(seen.add(m.providerId()), "listed twice: " + m.providerId());
                assertNotNull(m.threadId());
                assertTrue(m.folders().isEmpty(), "a listing knows no folders");
                assertNull(m.receivedAt());
                assertEquals(-1, m.sizeBytes());
                ids.add(m.providerId());
            }
            token = page.nextPageToken();
            assertTrue(++pages < 100, "the listing must end");
        } while (token != null);
        return ids;
    }

    /** Fetches in batches of 20 (what the sync engine does). */
    private static List<FetchedMessage> fetchAll(MailboxRef mailbox, List<String> ids) throws Exception {
        List<FetchedMessage> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 20) {
            out.addAll(ops.fetch(mailbox, ids.subList(i, Math.min(ids.size(), i + 20))));
        }
        return out;
    }

    /** The first value of a header of a raw RFC 5322 message (folded lines joined). */
    private static String header(byte[] raw, String name) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = (end < 0 ? text : text.substring(0, end)).replaceAll("\r?\n[ \t]+", " ");
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Reads changes from {@code cursor} until {@code wanted} holds for one page, or fails at the deadline. */
    private static ChangePage changesUntil(MailboxRef mailbox, String cursor, Predicate<ChangePage> wanted)
            throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        ChangePage last = null;
        while (Instant.now().isBefore(deadline)) {
            String token = null;
            List<RemoteMessage> upserts = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            String newCursor;
            do {
                ChangePage page = ops.changes(mailbox, cursor, token);
                upserts.addAll(page.upserts());
                deleted.addAll(page.deletedIds());
                token = page.nextPageToken();
                newCursor = page.newCursor();
                assertTrue(token == null || newCursor == null, "the new cursor comes with the last page only");
            } while (token != null);
            last = new ChangePage(upserts, deleted, null, newCursor);
            if (wanted.test(last)) {
                return last;
            }
            Thread.onSpinWait();
        }
        return fail("changes never showed what was expected; last: " + last);
    }

    private static RemoteMessage upsertOf(ChangePage page, String id) {
        return page.upserts().stream().filter(m -> m.providerId().equals(id)).reduce((a, b) -> b).orElse(null);
    }

    // ------------------------------------------------------------------ list

    @Test
    void listPagesCoverTheMailboxAndEachFolder() throws Exception {
        MailboxRef mailbox = newMailbox(130);
        JsonNode account = account(mailbox);

        List<String> all = listAll(mailbox, null, null, 40);
        List<String> inbox = listAll(mailbox, "inbox", null, 40);
        List<String> sent = listAll(mailbox, "sent", null, 500);

        assertEquals(account.path("messageCount").asInt(), all.size());
        assertEquals(account.path("inboxCount").asInt(), inbox.size());
        assertEquals(account.path("sentCount").asInt(), sent.size());
        assertTrue(sent.size() > 0 && inbox.size() > 0, "the generated mailbox has both folders");
        assertTrue(all.containsAll(inbox) && all.containsAll(sent));
        assertEquals(account.path("messageCount").asLong(), ops.list(mailbox, null, null, null, 10)
                .estimatedTotal());
    }

    @Test
    void anUnknownFolderIsRefused() throws Exception {
        MailboxRef mailbox = newMailbox(1);
        ProviderException e = assertThrows(ProviderException.class,
                () -> ops.list(mailbox, "drafts", null, null, 10));
        assertInstanceOf(ProviderException.Permanent.class, e);
    }

    @Test
    void sinceListsExactlyTheMessagesAtOrAfterIt() throws Exception {
        quotas(false);
        MailboxRef mailbox = newMailbox(40);
        List<FetchedMessage> fetched = new ArrayList<>(fetchAll(mailbox, listAll(mailbox, null, null, 500)));
        fetched.sort(Comparator.comparing((FetchedMessage f) -> f.meta().receivedAt()).reversed());
        Instant tenth = fetched.get(9).meta().receivedAt();
        Instant eleventh = fetched.get(10).meta().receivedAt();
        assertTrue(Duration.between(eleventh, tenth).toSeconds() > 2, "the generator spreads messages out");
        // a whole second between the 11th and 10th newest message
        Instant since = Instant.ofEpochSecond(eleventh.getEpochSecond() + 2);
        String delivered = deliver(mailbox, "After the window opened");

        Set<String> expected = new HashSet<>();
        fetched.subList(0, 10).forEach(f -> expected.add(f.meta().providerId()));
        expected.add(delivered);

        assertEquals(expected, new HashSet<>(listAll(mailbox, null, since, 4)));
        assertEquals(Set.of(delivered), new HashSet<>(listAll(mailbox, "inbox", Instant.now().minusSeconds(60)
                .isAfter(tenth) ? Instant.now().minusSeconds(60) : tenth.plusSeconds(1), 10)));
    }

    // ------------------------------------------------------------------ fetch

    @Test
    void fetchesAHundredMessagesInOneRoundTrip() throws Exception {
        quotas(false);
        MailboxRef mailbox = newMailbox(120);
        List<String> ids = ops.list(mailbox, null, null, null, 100).messages().stream()
                .map(RemoteMessage::providerId).toList();
        assertEquals(100, ids.size());
        long requestsBefore = requests();
        long getsBefore = calls("messages.get");

        List<FetchedMessage> fetched = ops.fetch(mailbox, ids);

        assertEquals(1, requests() - requestsBefore, "one HTTP round trip");
        assertEquals(100, calls("messages.get") - getsBefore, "a hundred messages.get inside it");
        assertEquals(ids, fetched.stream().map(f -> f.meta().providerId()).toList(), "in the order asked for");
        for (FetchedMessage f : fetched) {
            JsonNode truth = message(mailbox, f.meta().providerId());
            assertEquals(truth.path("internetMessageId").asText(), header(f.raw(), "Message-ID"));
            assertEquals(truth.path("read").asBoolean(), f.meta().read(), f.meta().providerId());
            assertEquals(truth.path("threadId").asText(), f.meta().threadId());
            assertEquals(Instant.parse(truth.path("received").asText()), f.meta().receivedAt());
            assertEquals(truth.path("size").asLong(), f.meta().sizeBytes());
            Set<String> labels = new HashSet<>();
            truth.path("labels").forEach(l -> labels.add(l.asText()));
            assertEquals(labels.contains("INBOX"), f.meta().folders().contains("inbox"));
            assertEquals(labels.contains("SENT"), f.meta().folders().contains("sent"));
            assertFalse(f.meta().folders().contains("unread"));
            Set<String> expected = new HashSet<>();
            labels.stream().filter(l -> !l.equals("UNREAD")).forEach(l -> expected.add(l.toLowerCase(Locale.ROOT)));
            assertEquals(expected, f.meta().folders());
        }
        assertTrue(fetched.stream().anyMatch(f -> !f.meta().read()) && fetched.stream().anyMatch(f -> f.meta().read()),
                "the generated mailbox has read and unread mail");
    }

    @Test
    void aMessageGoneMeanwhileIsLeftOut() throws Exception {
        MailboxRef mailbox = newMailbox(3);
        List<String> ids = listAll(mailbox, null, null, 10);
        harness.control("DELETE", "/_sandbox/accounts/" + mailbox.address() + "/messages/" + ids.get(1), null);

        List<FetchedMessage> fetched = ops.fetch(mailbox, ids);

        assertEquals(List.of(ids.get(0), ids.get(2)), fetched.stream().map(f -> f.meta().providerId()).toList());
    }

    @Test
    void aBurstOfFetchesIsRateLimitedWithRetryAfter() throws Exception {
        MailboxRef mailbox = newMailbox(25);
        List<String> ids = listAll(mailbox, null, null, 20).subList(0, 20);
        Instant deadline = Instant.now().plus(DEADLINE);
        ProviderException.RateLimited limited = null;
        int calls = 0;
        while (limited == null && Instant.now().isBefore(deadline)) {
            try {
                ops.fetch(mailbox, ids);
                calls++;
            } catch (ProviderException.RateLimited e) {
                limited = e;
            }
        }
        assertNotNull(limited, "250 units per second cannot serve unlimited batches of 20 (100 units)");
        assertTrue(calls >= 1, "the first batch fits the quota");
        assertEquals(ProviderException.RATE_LIMITED, limited.code());
        assertTrue(limited.retryAfter().compareTo(Duration.ZERO) > 0
                && limited.retryAfter().compareTo(Duration.ofSeconds(10)) <= 0, "wait " + limited.retryAfter());
    }

    @Test
    void aThrottledPartFailsTheWholeBatchAndTheRetryReturnsAll() throws Exception {
        MailboxRef mailbox = newMailbox(70);
        List<String> ids = listAll(mailbox, null, null, 500).subList(0, 60);
        long getsBefore = calls("messages.get");
        long unitsBefore = quotaUnits(mailbox);

        // 60 parts of 5 units each against 250 units per second: Gmail serves some parts and throttles the rest
        ProviderException e = assertThrows(ProviderException.class, () -> ops.fetch(mailbox, ids));

        assertInstanceOf(ProviderException.RateLimited.class, e);
        assertEquals(60, calls("messages.get") - getsBefore, "one batch, every part answered");
        assertTrue(quotaUnits(mailbox) - unitsBefore > 0, "some parts were served, yet the whole call failed");
        List<String> retry = ids.subList(0, 40);
        Instant deadline = Instant.now().plus(DEADLINE);
        List<FetchedMessage> fetched = null;
        while (fetched == null && Instant.now().isBefore(deadline)) {
            try {
                fetched = ops.fetch(mailbox, retry);
            } catch (ProviderException.RateLimited again) {
                // what the engine does: honour the provider's wait (not a fixed sleep), then retry the whole batch
                LockSupport.parkNanos(Duration.ofMillis(Math.min(again.retryAfter().toMillis(),
                        Math.max(0, Duration.between(Instant.now(), deadline).toMillis()))).toNanos());
            }
        }
        assertNotNull(fetched, "the retry of the whole batch succeeds once the quota window moved on");
        assertEquals(retry, fetched.stream().map(f -> f.meta().providerId()).toList());
    }

    // ------------------------------------------------------------------ changes

    @Test
    void changesShowDeliveriesReadStateAndDeletions() throws Exception {
        MailboxRef mailbox = newMailbox(5);
        String cursor = ops.currentCursor(mailbox);
        assertEquals(account(mailbox).path("historyId").asText(), cursor);

        String delivered = deliver(mailbox, "Fresh news");
        ChangePage added = changesUntil(mailbox, cursor, p -> upsertOf(p, delivered) != null);
        RemoteMessage m = upsertOf(added, delivered);
        assertEquals(message(mailbox, delivered).path("threadId").asText(), m.threadId());
        assertTrue(m.folders().contains("inbox"));
        assertFalse(m.read());
        assertNotNull(added.newCursor());
        assertNotEquals(cursor, added.newCursor());

        harness.control("POST", "/_sandbox/accounts/" + mailbox.address() + "/messages/" + delivered + "/read",
                "{\"read\":true}");
        ChangePage read = changesUntil(mailbox, added.newCursor(), p -> upsertOf(p, delivered) != null);
        assertTrue(upsertOf(read, delivered).read(), "read provider-side");
        assertTrue(upsertOf(read, delivered).folders().contains("inbox"));

        harness.control("DELETE", "/_sandbox/accounts/" + mailbox.address() + "/messages/" + delivered, null);
        ChangePage deleted = changesUntil(mailbox, read.newCursor(), p -> p.deletedIds().contains(delivered));
        assertNull(upsertOf(deleted, delivered), "a deleted message is not upserted as well");

        ChangePage sinceStart = changesUntil(mailbox, cursor, p -> p.deletedIds().contains(delivered));
        assertNull(upsertOf(sinceStart, delivered), "added then deleted in one round = deleted only");
        assertEquals(deleted.newCursor(), sinceStart.newCursor());
    }

    @Test
    void changesPageThroughLongHistories() throws Exception {
        MailboxRef mailbox = newMailbox(1);
        String cursor = ops.currentCursor(mailbox);
        Set<String> delivered = new LinkedHashSet<>();
        for (int i = 0; i < 503; i++) {
            delivered.add(deliver(mailbox, "Bulk " + i));
        }
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        ChangePage page;
        do {
            page = ops.changes(mailbox, cursor, token);
            page.upserts().forEach(u -> seen.add(u.providerId()));
            token = page.nextPageToken();
            pages++;
        } while (token != null && pages < 10);
        assertEquals(2, pages);
        assertEquals(delivered, seen);
        assertEquals(account(mailbox).path("historyId").asText(), page.newCursor());
    }

    @Test
    void anExpiredCursorSaysSo() throws Exception {
        MailboxRef mailbox = newMailbox(2);
        String cursor = ops.currentCursor(mailbox);
        deliver(mailbox, "Before expiry");
        harness.control("POST", "/_sandbox/accounts/" + mailbox.address() + "/history/expire", null);

        ProviderException e = assertThrows(ProviderException.class, () -> ops.changes(mailbox, cursor, null));

        assertInstanceOf(ProviderException.Permanent.class, e);
        assertEquals(MailboxOperations.CURSOR_EXPIRED, e.code());
    }

    // ------------------------------------------------------------------ setRead, send

    @Test
    void setReadChangesTheUnreadLabel() throws Exception {
        MailboxRef mailbox = newMailbox(1);
        String id = deliver(mailbox, "Unread at first");
        assertFalse(message(mailbox, id).path("read").asBoolean());

        ops.setRead(mailbox, id, true);
        assertTrue(message(mailbox, id).path("read").asBoolean());

        ops.setRead(mailbox, id, false);
        assertFalse(message(mailbox, id).path("read").asBoolean());

        ProviderException e = assertThrows(ProviderException.class, () -> ops.setRead(mailbox, "missing0", true));
        assertEquals(GoogleErrors.NOT_FOUND, e.code());
    }

    @Test
    void sendInAThreadLandsInSentOnThatThread() throws Exception {
        MailboxRef mailbox = newMailbox(1);
        String original = deliver(mailbox, "Quarterly numbers");
        JsonNode parent = message(mailbox, original);
        String threadId = parent.path("threadId").asText();
        String messageId = "<" + UUID.randomUUID() + "@workestra-demo.test>";
        String subject = "Re: Quarterly numbers " + UUID.randomUUID();
        String mime = "From: " + mailbox.address() + "\r\nTo: peer@example.org\r\nSubject: " + subject
                + "\r\nMessage-ID: " + messageId + "\r\nIn-Reply-To: " + parent.path("internetMessageId").asText()
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nThanks, see you.\r\n";

        String sentId = ops.send(mailbox, mime.getBytes(StandardCharsets.UTF_8), threadId);

        assertNotNull(sentId);
        JsonNode sent = get("/_sandbox/accounts/" + mailbox.address() + "/sent");
        JsonNode last = sent.get(sent.size() - 1);
        byte[] raw = Base64.getUrlDecoder().decode(last.path("raw").asText());
        assertEquals(messageId, header(raw, "Message-ID"));
        assertEquals(subject, header(raw, "Subject"));
        assertEquals(subject, last.path("subject").asText());
        assertEquals(threadId, last.path("threadId").asText());
        JsonNode stored = message(mailbox, sentId);
        assertEquals(threadId, stored.path("threadId").asText());
        assertEquals(messageId, stored.path("internetMessageId").asText());
        FetchedMessage fetched = ops.fetch(mailbox, List.of(sentId)).get(0);
        assertTrue(fetched.meta().folders().contains("sent"));
        assertEquals(threadId, fetched.meta().threadId());
        assertEquals(1, calls("messages.send"), "JSON send, no media upload");
    }
}
