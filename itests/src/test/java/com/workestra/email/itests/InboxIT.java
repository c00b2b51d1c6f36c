package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.SandboxServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The inbox on the dev distribution (embedded H2, its full-text index) with a synced Gmail sandbox mailbox: the feed
 * pages without gap or duplicate while new mail arrives, tabs and search work, hostile HTML is neutralised in the
 * message view, and a read change made here reaches the provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InboxIT {

    private static final String GMAIL = "inbox.gmail@sandbox.test";
    private static final String PLAIN_TOKEN = "plain-" + Long.toHexString(System.nanoTime());
    private static final String CRM_SERVICE_TOKEN = "crm-service-" + Long.toHexString(System.nanoTime());

    private SandboxServer sandbox;
    private Node node;
    private Http http;
    private Http provider;
    private String connectionId;

    @BeforeAll
    void start() throws Exception {
        sandbox = SandboxServer.start(0);
        provider = new Http(sandbox.baseUrl());
        Http.Answer r = provider.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"gmail\",\"address\":\""
                + GMAIL + "\",\"messages\":60,\"seed\":23,\"spanDays\":20}");
        assertEquals(2, r.status() / 100, r.body());
        node = Node.start("inbox-" + Long.toHexString(System.nanoTime()), Map.of("WORKESTRA_SANDBOX_URL",
                sandbox.baseUrl(), "WORKESTRA_DEVHOST_USERS", "plain|plain@workestra.test|Plain User|" + PLAIN_TOKEN
                        + ",service:crm|crm-module@workestra.test|CRM module|" + CRM_SERVICE_TOKEN));
        http = node.http();
        connectionId = new OAuthBrowser(http, sandbox.baseUrl()).connect("gmail", GMAIL, null).json()
                .at("/connection/id").asText();
        syncNow();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private void syncNow() {
        Http.Answer r = http.send("POST", "/email/v1/connections/" + connectionId + "/sync", Node.DEMO_TOKEN, null);
        assertEquals(200, r.status(), r.body());
        assertEquals("ok", r.json().get("status").asText(), r.body());
    }

    private JsonNode get(String path) {
        Http.Answer r = http.send("GET", path, Node.DEMO_TOKEN, null);
        assertEquals(200, r.status(), path + ": " + r.body());
        return r.json();
    }

    private String deliver(String json) {
        Http.Answer r = provider.send("POST", "/_sandbox/accounts/" + GMAIL + "/messages", null, json);
        assertEquals(2, r.status() / 100, r.body());
        return r.json().get("id").asText();
    }

    /** Every item id of a tab, page by page, asserting no id comes twice. */
    private List<JsonNode> all(String query, int limit, Runnable afterFirstPage) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        boolean first = true;
        do {
            JsonNode page = get("/email/v1/inbox?limit=" + limit + query
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            for (JsonNode item : page.get("items")) {
                assertTrue(seen.add(item.get("id").asText()), "duplicate " + item);
                items.add(item);
            }
            if (first && afterFirstPage != null) {
                afterFirstPage.run();
            }
            first = false;
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    private long count(String what) {
        return get("/email/v1/connections/" + connectionId).at("/counts/" + what).asLong();
    }

    @Test
    @Order(1)
    void theFeedPagesWithoutGapOrDuplicateWhileMailArrives() {
        long messages = count("messages");
        assertTrue(messages >= 40, "synced: " + messages);
        List<JsonNode> items = all("&tab=emails", 7, () -> {
            deliver("{\"from\":\"late@example.test\",\"to\":[\"" + GMAIL + "\"],\"subject\":\"Arrived while paging\","
                    + "\"text\":\"new\"}");
            syncNow();
        });
        assertEquals(messages, items.size(), "every message once, the new one (newer than page 1) not inside");
        for (int i = 1; i < items.size(); i++) {
            assertTrue(items.get(i - 1).get("receivedAt").asText().compareTo(items.get(i).get("receivedAt").asText())
                    >= 0, "newest first");
        }
        JsonNode top = get("/email/v1/inbox?tab=emails&limit=1").at("/items/0");
        assertEquals("Arrived while paging", top.get("subject").asText());
        assertEquals("email", top.get("type").asText());
        assertEquals(connectionId, top.get("connectionId").asText());
        assertEquals("late@example.test", top.at("/from/address").asText());
        assertTrue(top.get("unread").asBoolean());
        assertTrue(top.hasNonNull("threadId"));
        assertEquals(messages + 1, all("&tab=all", 50, null).size());
    }

    @Test
    @Order(2)
    void tabsAndNotifications() {
        assertEquals(count("unread"), all("&tab=unread", 20, null).size());
        String me = get("/email/v1/me").get("userId").asText();
        Http.Answer created = http.send("POST", "/email/v1/notifications", Node.DEMO_TOKEN, "{\"kind\":\"mention\","
                + "\"module\":\"crm\",\"title\":\"Ann mentioned you\",\"body\":\"on deal 7\",\"userId\":\"" + me
                + "\",\"objectRef\":\"deal:7\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals(me, created.json().get("createdBy").asText(), "an admin's item is recorded as theirs");
        // a colleague who is neither admin nor a host module cannot put items into someone else's inbox
        String body = "{\"kind\":\"mention\",\"module\":\"crm\",\"title\":\"Click this\",\"userId\":\"" + me
                + "\",\"objectRef\":\"deal:8\"}";
        DistributionContract.assertError(http.send("POST", "/email/v1/notifications", PLAIN_TOKEN, body), 403,
                "host_module_required");
        // a host module's service credential can, and is recorded as the creator
        Http.Answer byModule = http.send("POST", "/email/v1/notifications", CRM_SERVICE_TOKEN, body.replace(
                "Click this", "Deal 8 assigned").replace("mention", "assigned"));
        assertEquals(201, byModule.status(), byModule.body());
        assertEquals("service:crm", byModule.json().get("createdBy").asText());
        assertEquals(1, all("&tab=assigned", 10, null).size());
        assertEquals(0, all("&tab=all", 100, null).stream().filter(i -> "Click this".equals(i.path("subject")
                .asText())).count(), "the refused item was not stored");
        List<JsonNode> mentions = all("&tab=mentions", 10, null);
        assertEquals(1, mentions.size());
        assertEquals("notification", mentions.get(0).get("type").asText());
        assertEquals("Ann mentioned you", mentions.get(0).get("subject").asText());
        assertEquals("notification", get("/email/v1/inbox?tab=all&limit=1").at("/items/0/type").asText());
        assertEquals(0, all("&tab=module:crm", 10, null).size(), "nothing linked yet");

        Http.Answer bad = http.send("POST", "/email/v1/notifications", Node.DEMO_TOKEN, "{\"kind\":\"shout\","
                + "\"module\":\"crm\",\"title\":\"x\",\"userId\":\"" + me + "\",\"objectRef\":\"deal:7\"}");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("kind", bad.json().at("/details/field").asText());
        for (String q : new String[] {"tab=nope", "limit=0", "limit=1000", "cursor=garbage"}) {
            Http.Answer r = http.send("GET", "/email/v1/inbox?" + q, Node.DEMO_TOKEN, null);
            assertEquals(400, r.status(), q + ": " + r.body());
            assertEquals(q.substring(0, q.indexOf('=')), r.json().at("/details/field").asText());
        }
        assertEquals(404, http.send("GET", "/email/v1/inbox?connection=not-mine", Node.DEMO_TOKEN, null).status());
        assertEquals(401, http.send("GET", "/email/v1/inbox", null, null).status());
    }

    @Test
    @Order(3)
    void searchFindsSubjectBodyAndAddresses() {
        deliver("{\"from\":\"zoe.quartermain@clients.test\",\"to\":[\"" + GMAIL + "\"],\"subject\":\"Zebracorn"
                + " renewal\",\"text\":\"The blue pineapple contract is attached.\"}");
        syncNow();
        for (String q : new String[] {"zebracorn", "pineapple", "blue pineapple", "zoe.quartermain@clients.test"}) {
            List<JsonNode> found = all("&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), 10, null);
            assertEquals(1, found.size(), q + ": " + found);
            assertEquals("Zebracorn renewal", found.get(0).get("subject").asText());
        }
        assertEquals(0, all("&q=unfindablewordxyz", 10, null).size());
    }

    @Test
    @Order(4)
    void hostileHtmlIsNeutralisedAndRemoteImagesWaitForConsent() {
        deliver("{\"from\":\"mallory@evil.test\",\"to\":[\"" + GMAIL + "\"],\"subject\":\"Hostile\",\"text\":\"plain"
                + " fallback\",\"html\":\"<p onclick=\\\"steal()\\\">Hello<script>alert(1)</script></p><a"
                + " href=\\\"javascript:alert(2)\\\">click</a><img src=\\\"https://tracker.evil.test/p.gif\\\">"
                + "<form action=\\\"https://evil.test\\\"><input name=pw></form><iframe src=\\\"https://evil.test\\\">"
                + "</iframe>\"}");
        syncNow();
        String id = all("&q=hostile", 10, null).get(0).get("id").asText();
        JsonNode view = get("/email/v1/messages/" + id);
        String html = view.get("html").asText().toLowerCase();
        assertTrue(html.contains("hello"), html);
        for (String bad : new String[] {"<script", "onclick", "javascript:", "<form", "<input", "<iframe",
            "tracker.evil.test"}) {
            assertFalse(html.contains(bad), bad + " in " + html);
        }
        assertTrue(view.get("remoteImagesBlocked").asBoolean());
        assertEquals("plain fallback", view.get("text").asText().strip());
        assertEquals("mallory@evil.test", view.at("/from/address").asText());
        assertTrue(view.at("/headers/message-id").asText().startsWith("<"), view.get("headers").toString());
        assertTrue(get("/email/v1/messages/" + id + "?images=show").get("html").asText()
                .contains("tracker.evil.test"));

        JsonNode thread = get("/email/v1/threads/" + view.get("threadId").asText());
        assertEquals(id, thread.at("/messages/0/id").asText());
        assertEquals(404, http.send("GET", "/email/v1/messages/00000000-0000-0000-0000-000000000000",
                Node.DEMO_TOKEN, null).status());
        assertEquals(404, http.send("GET", "/email/v1/threads/nope", Node.DEMO_TOKEN, null).status());
    }

    @Test
    @Order(5)
    void readingHereReachesTheProvider() {
        String providerId = deliver("{\"from\":\"boss@example.test\",\"to\":[\"" + GMAIL + "\"],\"subject\":"
                + "\"Readme please\",\"text\":\"x\"}");
        syncNow();
        String id = all("&q=readme", 10, null).get(0).get("id").asText();
        long unread = count("unread");
        Http.Answer r = http.send("POST", "/email/v1/messages/" + id + "/read", Node.DEMO_TOKEN, "{\"read\":true}");
        assertEquals(200, r.status(), r.body());
        assertFalse(get("/email/v1/messages/" + id).get("unread").asBoolean(), "applied locally at once");
        assertEquals(unread - 1, count("unread"));
        Wait.until(Duration.ofSeconds(30), "the provider sees the message read", () -> provider.send("GET",
                "/_sandbox/accounts/" + GMAIL + "/messages/" + providerId, null, null).json().get("read")
                .asBoolean());
        // the next sync brings the provider's (same) state: nothing flips back
        syncNow();
        assertFalse(get("/email/v1/messages/" + id).get("unread").asBoolean());

        Http.Answer missing = http.send("POST", "/email/v1/messages/" + id + "/read", Node.DEMO_TOKEN, "{}");
        assertEquals(400, missing.status(), missing.body());
        assertEquals("read", missing.json().at("/details/field").asText());
        assertEquals(404, http.send("POST", "/email/v1/messages/nope/read", Node.DEMO_TOKEN, "{\"read\":true}")
                .status());
    }
}
