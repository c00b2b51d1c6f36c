package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.SandboxServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * First sync slice: Sync now imports the recent mail of both providers to exactly the provider's counts, a second
 * round is a no-op, a new Outlook message arrives through the webhook without Sync now, provider-side read state
 * and new Gmail mail arrive on the next round.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncIT {

    private static final String GMAIL = "sync.gmail@sandbox.test";
    private static final String OUTLOOK = "sync.outlook@sandbox.test";

    private final PostgresDatabase db = new PostgresDatabase();
    private final Map<String, String> ids = new HashMap<>();
    private SandboxServer sandbox;
    private Node node;
    private Http http;
    private Http provider;

    @BeforeAll
    void start() throws Exception {
        sandbox = SandboxServer.start(0);
        provider = new Http(sandbox.baseUrl());
        // every generated message lies inside the first-sync window (30 days)
        for (String[] a : new String[][] {{"gmail", GMAIL}, {"outlook", OUTLOOK}}) {
            Http.Answer r = provider.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"" + a[0]
                    + "\",\"address\":\"" + a[1] + "\",\"messages\":120,\"seed\":11,\"spanDays\":20}");
            assertEquals(2, r.status() / 100, r.body());
        }
        Map<String, String> env = new HashMap<>(db.env());
        env.put("WORKESTRA_SANDBOX_URL", sandbox.baseUrl());
        node = Node.start("sync-" + Long.toHexString(System.nanoTime()), env);
        http = node.http();
        OAuthBrowser oauth = new OAuthBrowser(http, sandbox.baseUrl());
        ids.put(GMAIL, oauth.connect("gmail", GMAIL, null).json().at("/connection/id").asText());
        ids.put(OUTLOOK, oauth.connect("outlook", OUTLOOK, null).json().at("/connection/id").asText());
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        db.close();
    }

    private JsonNode account(String address) {
        return provider.send("GET", "/_sandbox/accounts/" + address, null, null).json();
    }

    private JsonNode connection(String address) {
        return http.send("GET", "/email/v1/connections/" + ids.get(address), Node.DEMO_TOKEN, null).json();
    }

    private JsonNode syncNow(String address) {
        Http.Answer r = http.send("POST", "/email/v1/connections/" + ids.get(address) + "/sync", Node.DEMO_TOKEN,
                null);
        assertEquals(200, r.status(), r.body());
        assertEquals("ok", r.json().get("status").asText(), r.body());
        return r.json();
    }

    @Test
    @Order(1)
    void syncNowImportsExactlyTheProvidersMessages() {
        for (String a : new String[] {GMAIL, OUTLOOK}) {
            // the scheduler may already have started the first round; Sync now completes it either way
            syncNow(a);
            JsonNode expected = account(a);
            JsonNode counts = connection(a).get("counts");
            assertEquals(expected.get("messageCount").asLong(), counts.get("messages").asLong(), a);
            assertEquals(expected.get("sentCount").asLong(), counts.get("sent").asLong(), a);
            assertEquals(expected.get("unreadCount").asLong(), counts.get("unread").asLong(), a);
            assertEquals("healthy", connection(a).at("/health/badge").asText());
            JsonNode again = syncNow(a);
            assertEquals(0, again.get("fetched").asLong(), "nothing is imported twice: " + again);
        }
    }

    @Test
    @Order(2)
    void aNewOutlookMessageArrivesThroughTheWebhookWithoutSyncNow() {
        long before = connection(OUTLOOK).at("/counts/messages").asLong();
        assertEquals(2, provider.send("POST", "/_sandbox/accounts/" + OUTLOOK + "/messages", null,
                "{\"from\":\"client@example.test\",\"to\":[\"" + OUTLOOK + "\"],\"subject\":\"Pushed\",\"text\":\"x\"}")
                .status() / 100);
        Wait.until(Duration.ofSeconds(30), "the pushed message imported",
                () -> connection(OUTLOOK).at("/counts/messages").asLong() == before + 1);
    }

    @Test
    @Order(3)
    void providerSideChangesArriveOnTheNextRound() {
        long unread = connection(GMAIL).at("/counts/unread").asLong();
        Http.Answer delivered = provider.send("POST", "/_sandbox/accounts/" + GMAIL + "/messages", null,
                "{\"from\":\"client@example.test\",\"to\":[\"" + GMAIL + "\"],\"subject\":\"Polled\",\"text\":\"y\"}");
        assertEquals(2, delivered.status() / 100, delivered.body());
        JsonNode round = syncNow(GMAIL);
        assertEquals(1, round.get("fetched").asLong(), round.toString());
        assertEquals(unread + 1, connection(GMAIL).at("/counts/unread").asLong());
        String id = delivered.json().get("id").asText();
        assertEquals(200, provider.send("POST", "/_sandbox/accounts/" + GMAIL + "/messages/" + id + "/read", null,
                "{\"read\":true}").status());
        JsonNode next = syncNow(GMAIL);
        assertTrue(next.get("updated").asLong() >= 1, next.toString());
        assertEquals(unread, connection(GMAIL).at("/counts/unread").asLong());
    }

    private void fault(String providerName, String pathPattern, int status, int times, Integer retryAfter) {
        String body = "{\"provider\":\"" + providerName + "\",\"pathPattern\":\"" + pathPattern
                + "\",\"status\":" + status + ",\"times\":" + times
                + (retryAfter == null ? "" : ",\"retryAfter\":" + retryAfter) + "}";
        Http.Answer r = provider.send("POST", "/_sandbox/faults", null, body);
        assertEquals(2, r.status() / 100, r.body());
    }

    private String deliver(String address, String subject) {
        Http.Answer r = provider.send("POST", "/_sandbox/accounts/" + address + "/messages", null,
                "{\"from\":\"client@example.test\",\"to\":[\"" + address + "\"],\"subject\":\"" + subject
                        + "\",\"text\":\"z\"}");
        assertEquals(2, r.status() / 100, r.body());
        return r.json().get("id").asText();
    }

    @Test
    @Order(4)
    void aRateLimitStormIsSurvivedWithoutAnErrorBadge() {
        long before = connection(OUTLOOK).at("/counts/messages").asLong();
        // longer than one round's Retry-After budget: the round ends, the mailbox is deferred, the next one goes on
        fault("outlook", "/graph/", 429, 40, 2);
        for (int i = 0; i < 3; i++) {
            deliver(OUTLOOK, "During the storm " + i);
        }
        Wait.until(Duration.ofMinutes(4), "the mail delivered during the storm imported", () -> {
            JsonNode c = connection(OUTLOOK);
            assertNotEquals("error", c.at("/health/badge").asText(), "a 429 storm is not an error: " + c);
            return c.at("/counts/messages").asLong() == before + 3;
        });
        assertEquals("healthy", connection(OUTLOOK).at("/health/badge").asText());
        assertEquals(200, provider.send("DELETE", "/_sandbox/faults", null, null).status());
    }

    @Test
    @Order(5)
    void anExpiredCursorReListsAndMessagesDeletedMeanwhileAreReconciled() {
        for (String[] a : new String[][] {{GMAIL, "gmail", "/history", "404"},
            {OUTLOOK, "outlook", "/delta", "410"}}) {
            String doomed = deliver(a[0], "Deleted while the cursor expired");
            syncNow(a[0]);
            long before = connection(a[0]).at("/counts/messages").asLong();
            assertEquals(account(a[0]).get("messageCount").asLong(), before, a[0]);
            assertEquals(200, provider.send("DELETE", "/_sandbox/accounts/" + a[0] + "/messages/" + doomed, null,
                    null).status());
            fault(a[1], a[2], Integer.parseInt(a[3]), 1, null);
            JsonNode round = syncNow(a[0]);
            assertTrue(round.get("deleted").asLong() >= 1, "the re-list found the deletion: " + round);
            assertEquals(before - 1, connection(a[0]).at("/counts/messages").asLong(), a[0]);
            assertEquals(account(a[0]).get("messageCount").asLong(),
                    connection(a[0]).at("/counts/messages").asLong(), a[0]);
            assertEquals(0, syncNow(a[0]).get("fetched").asLong(), "nothing imported twice after the re-list");
        }
    }
}
