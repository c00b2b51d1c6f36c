package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * Backfill on PostgreSQL against the sandbox with quota emulation on: the first sync is the 30-day backfill and
 * matches the provider's count for 30 days; an "all" backfill ends with exactly the provider's count through pause and
 * resume (Outlook) and through a kill -9 of the node and a restart on the same node directory and database (Gmail).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillIT {

    private static final String GMAIL = "backfill.gmail@sandbox.test";
    private static final String OUTLOOK = "backfill.outlook@sandbox.test";
    private static final String SHARED = "backfill.two-nodes@sandbox.test";

    private final PostgresDatabase db = new PostgresDatabase();
    private final Map<String, String> ids = new HashMap<>();
    private SandboxServer sandbox;
    private Node node;
    private Node second;
    private Map<String, String> env;
    private Http provider;

    @BeforeAll
    void start() throws Exception {
        sandbox = SandboxServer.start(0);
        provider = new Http(sandbox.baseUrl());
        // two years of mail: a small part lies in the first-sync window, most of it only an "all" backfill reaches
        for (String[] a : new String[][] {{"gmail", GMAIL, "1500"}, {"outlook", OUTLOOK, "900"},
            {"gmail", SHARED, "1000"}}) {
            Http.Answer r = provider.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"" + a[0]
                    + "\",\"address\":\"" + a[1] + "\",\"messages\":" + a[2] + ",\"seed\":5,\"spanDays\":730}");
            assertEquals(2, r.status() / 100, r.body());
        }
        env = new HashMap<>(db.env());
        env.put("WORKESTRA_SANDBOX_URL", sandbox.baseUrl());
        node = Node.start("backfill-" + Long.toHexString(System.nanoTime()), env);
        OAuthBrowser oauth = new OAuthBrowser(node.http(), sandbox.baseUrl());
        ids.put(GMAIL, oauth.connect("gmail", GMAIL, null).json().at("/connection/id").asText());
        ids.put(OUTLOOK, oauth.connect("outlook", OUTLOOK, null).json().at("/connection/id").asText());
    }

    @AfterAll
    void stop() {
        if (second != null) {
            second.stop();
        }
        if (node != null) {
            node.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        db.close();
    }

    private Http.Answer call(String method, String path, String body) {
        return node.http().send(method, "/email/v1/connections/" + path, Node.DEMO_TOKEN, body);
    }

    private JsonNode connection(String address) {
        Http.Answer r = call("GET", ids.get(address), null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private JsonNode backfill(String address) {
        Http.Answer r = call("GET", ids.get(address) + "/backfill", null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private long providerCount(String address) {
        return provider.send("GET", "/_sandbox/accounts/" + address, null, null).json().get("messageCount").asLong();
    }

    private JsonNode startAll(String address) {
        Http.Answer r = call("POST", ids.get(address) + "/backfill", "{\"range\":\"all\"}");
        assertEquals(202, r.status(), r.body());
        assertEquals("running", r.json().get("state").asText(), r.body());
        assertEquals("all", r.json().get("range").asText(), r.body());
        return r.json();
    }

    private void assertExact(String address) throws Exception {
        long expected = providerCount(address);
        JsonNode b = backfill(address);
        assertEquals("completed", b.get("state").asText(), b.toString());
        assertEquals(expected, b.get("processed").asLong(), "every listed message counted once: " + b);
        assertEquals(100, b.get("percent").asInt(), b.toString());
        assertEquals(expected, connection(address).at("/counts/messages").asLong(), address);
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*),"
                + " COUNT(DISTINCT provider_id) FROM email_message WHERE connection_id = ?")) {
            s.setString(1, ids.get(address));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(expected, rs.getLong(1), "rows of " + address);
                assertEquals(expected, rs.getLong(2), "no duplicate of " + address);
            }
        }
    }

    @Test
    @Order(1)
    void theFirstSyncIsTheThirtyDayBackfillWithTheProvidersCount() {
        for (String a : new String[] {GMAIL, OUTLOOK}) {
            Wait.until(Duration.ofSeconds(120), a + " first sync recorded as a backfill", () -> {
                JsonNode b = connection(a).get("backfill");
                return b != null && !b.isNull() && "completed".equals(b.path("state").asText());
            });
            JsonNode b = connection(a).get("backfill");
            assertEquals("30d", b.get("range").asText(), b.toString());
            Http.Answer preview = call("GET", ids.get(a) + "/backfill/preview?range=30d", null);
            assertEquals(200, preview.status(), preview.body());
            long in30Days = preview.json().get("estimatedMessages").asLong();
            assertTrue(in30Days > 0 && in30Days < providerCount(a), preview.body());
            assertEquals(in30Days, b.get("processed").asLong(), b.toString());
            assertEquals(in30Days, connection(a).at("/counts/messages").asLong(), a);
            JsonNode all = call("GET", ids.get(a) + "/backfill/preview?range=all", null).json();
            assertEquals(providerCount(a), all.get("estimatedMessages").asLong(), all.toString());
            assertTrue(all.get("estimatedSeconds").asLong() >= 1, all.toString());
        }
    }

    @Test
    @Order(2)
    void badRangesAndImpossibleTransitionsAreRefused() {
        String id = ids.get(GMAIL);
        Http.Answer bad = call("POST", id + "/backfill", "{\"range\":\"7d\"}");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("range", bad.json().at("/details/field").asText(), bad.body());
        Http.Answer noRange = call("GET", id + "/backfill/preview", null);
        assertEquals(400, noRange.status(), noRange.body());
        assertEquals("range", noRange.json().at("/details/field").asText(), noRange.body());
        assertEquals(409, call("POST", id + "/backfill/resume", null).status(), "a completed backfill");
        assertEquals(409, call("POST", id + "/backfill/pause", null).status());
        assertEquals(404, call("GET", "no-such-connection/backfill", null).status());
        assertEquals(404, call("POST", "no-such-connection/backfill", "{\"range\":\"all\"}").status());
    }

    @Test
    @Order(3)
    void pauseStopsProgressAndResumeCompletesExactly() throws Exception {
        startAll(OUTLOOK);
        String id = ids.get(OUTLOOK);
        assertEquals(409, call("POST", id + "/backfill", "{\"range\":\"90d\"}").status(), "one at a time");
        Wait.until(Duration.ofSeconds(120), "outlook backfill under way",
                () -> backfill(OUTLOOK).get("processed").asLong() > 0);
        Http.Answer paused = call("POST", id + "/backfill/pause", null);
        assertEquals(200, paused.status(), paused.body());
        assertEquals("paused", paused.json().get("state").asText());
        assertEquals(409, call("POST", id + "/backfill/pause", null).status());
        long at = backfill(OUTLOOK).get("processed").asLong();
        assertTrue(at < providerCount(OUTLOOK), "paused before the end: " + at);
        // several ticks (2 s each) pass without progress
        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        Wait.until(Duration.ofSeconds(20), "eight quiet seconds", () -> {
            JsonNode b = backfill(OUTLOOK);
            assertEquals("paused", b.get("state").asText());
            assertEquals(at, b.get("processed").asLong(), "no progress while paused");
            return System.nanoTime() > until;
        });
        Http.Answer resumed = call("POST", id + "/backfill/resume", null);
        assertEquals(200, resumed.status(), resumed.body());
        assertEquals("running", resumed.json().get("state").asText());
        Wait.until(Duration.ofSeconds(240), "outlook backfill completed",
                () -> "completed".equals(backfill(OUTLOOK).get("state").asText()));
        assertExact(OUTLOOK);
        assertEquals("completed", connection(OUTLOOK).at("/backfill/state").asText());
    }

    @Test
    @Order(4)
    void killDashNineInTheMiddleResumesWithExactlyTheProvidersCount() throws Exception {
        startAll(GMAIL);
        long total = providerCount(GMAIL);
        Wait.until(Duration.ofSeconds(120), "gmail backfill under way", () -> {
            JsonNode b = backfill(GMAIL);
            return b.get("processed").asLong() >= 200;
        });
        JsonNode before = backfill(GMAIL);
        assertTrue(before.get("processed").asLong() < total, "killed in the middle: " + before);
        assertTrue(before.get("etaSeconds").asLong() > 0, before.toString());
        node.kill();
        node.startProcess();
        JsonNode after = backfill(GMAIL);
        assertEquals(before.get("id").asText(), after.get("id").asText());
        assertTrue(after.get("processed").asLong() >= before.get("processed").asLong(), after.toString());
        Wait.until(Duration.ofSeconds(300), "gmail backfill completed after the restart",
                () -> "completed".equals(backfill(GMAIL).get("state").asText()));
        assertExact(GMAIL);
    }

    @Test
    @Order(5)
    void theShellListsTheBackfillsAndCanStartOne() {
        String out = node.shell("email:backfill");
        assertTrue(out.contains(ids.get(GMAIL)) && out.contains(ids.get(OUTLOOK)), out);
        assertTrue(out.contains("completed") && out.contains("100%"), out);
        // about 750 messages, 8 pages of at least one 2 s tick each: the pause lands long before the end
        String started = node.shell("email:backfill --start 12m " + ids.get(GMAIL),
                "email:backfill --pause " + ids.get(GMAIL));
        assertTrue(started.contains(": running.") && started.contains(": paused."), started);
        JsonNode paused = backfill(GMAIL);
        assertEquals("12m", paused.get("range").asText(), paused.toString());
        assertTrue(paused.get("processed").asLong() < paused.get("total").asLong(), paused.toString());
        String cancelled = node.shell("email:backfill --cancel " + ids.get(GMAIL));
        assertTrue(cancelled.contains(": cancelled."), cancelled);
        assertEquals("cancelled", backfill(GMAIL).get("state").asText());
        assertTrue(node.shell("email:backfill --cancel " + ids.get(GMAIL)).contains("cannot cancel"));
    }

    @Test
    @Order(6)
    void twoNodesOnOneDatabaseCompleteABackfillExactlyOnce() throws Exception {
        second = Node.start("backfill2-" + Long.toHexString(System.nanoTime()), env);
        ids.put(SHARED, new OAuthBrowser(node.http(), sandbox.baseUrl()).connect("gmail", SHARED, null).json()
                .at("/connection/id").asText());
        Wait.until(Duration.ofSeconds(120), "first sync of the shared mailbox", () -> {
            JsonNode b = connection(SHARED).get("backfill");
            return b != null && !b.isNull() && "completed".equals(b.path("state").asText());
        });
        // started through the second node; both nodes tick and compete for the mailbox's lease
        Http.Answer r = second.http().send("POST", "/email/v1/connections/" + ids.get(SHARED) + "/backfill",
                Node.DEMO_TOKEN, "{\"range\":\"all\"}");
        assertEquals(202, r.status(), r.body());
        Wait.until(Duration.ofSeconds(300), "two-node backfill completed",
                () -> "completed".equals(backfill(SHARED).get("state").asText()));
        assertExact(SHARED);
        try (Connection c = db.connect(); java.sql.Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM email_node")) {
            rs.next();
            assertEquals(2, rs.getLong(1), "both nodes share the database");
        }
        JsonNode seenBySecond = second.http().send("GET", "/email/v1/connections/" + ids.get(SHARED) + "/backfill",
                Node.DEMO_TOKEN, null).json();
        assertEquals(backfill(SHARED).toString(), seenBySecond.toString(), "one job, the same on both nodes");
    }
}
