package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.SandboxServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Module panels on the running distribution with dev-host seeded and sandbox mail exchanged: each panel shows exactly
 * the right threads (including a contact created after the mail arrived), a support intake mailbox makes one ticket
 * per conversation with replies appended and none for an out-of-office reply, a recruiting intake records the
 * application with its résumé metadata; teammates' threads appear as each owner shares them (everything, subject,
 * metadata, private) on every panel endpoint, field by field, and a user of another workspace sees nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PanelsIT {

    private static final String SALES = "sales.panels@sandbox.test";
    private static final String HELP = "help.panels@sandbox.test";
    private static final String JOBS = "jobs.panels@sandbox.test";
    private static final String OTHER = "other.panels@sandbox.test";
    private static final String OTHER_TOKEN = "it-other-token-" + Long.toHexString(System.nanoTime());
    private static final String THIRD_TOKEN = "it-third-token-" + Long.toHexString(System.nanoTime());
    private static final Duration LINKED = Duration.ofSeconds(90);

    private PostgresDatabase db;
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, String> records = new HashMap<>();
    private SandboxServer sandbox;
    private Node node;
    private Http http;
    private Http provider;

    @BeforeAll
    void start() throws Exception {
        sandbox = SandboxServer.start(0);
        provider = new Http(sandbox.baseUrl());
        for (String a : List.of(SALES, HELP, JOBS, OTHER)) {
            Http.Answer r = provider.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"gmail\",\"address\":\""
                    + a + "\",\"messages\":0,\"seed\":3}");
            assertEquals(2, r.status() / 100, r.body());
        }
        Map<String, String> env = new HashMap<>(database());
        env.put("WORKESTRA_SANDBOX_URL", sandbox.baseUrl());
        env.put("WORKESTRA_DEVHOST_USERS", "other|other.user@workestra.test|Other User|" + OTHER_TOKEN
                + ",third|third@elsewhere.test|Third User|" + THIRD_TOKEN + "|elsewhere");
        node = Node.start("panels-" + Long.toHexString(System.nanoTime()), env);
        http = node.http();
        OAuthBrowser oauth = new OAuthBrowser(http, sandbox.baseUrl());
        for (String a : List.of(SALES, HELP, JOBS)) {
            ids.put(a, oauth.connect("gmail", a, null).json().at("/connection/id").asText());
        }
        ids.put(OTHER, oauth.connect(OTHER_TOKEN, "gmail", OTHER, null).json().at("/connection/id").asText());
        intake(HELP, "support");
        intake(JOBS, "recruiting");
        records.put("alice", seed("contacts", "{\"name\":\"Alice Client\",\"email\":\"alice@client.test\"}"));
        records.put("deal", seed("deals", "{\"name\":\"Alice's deal\",\"contactIds\":[\"" + records.get("alice")
                + "\"]}"));
        records.put("bob", seed("candidates", "{\"name\":\"Bob Talent\",\"email\":\"bob@talent.test\"}"));
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** The node's database: a fresh PostgreSQL database here; {@link PanelsH2IT} runs on the embedded H2. */
    protected Map<String, String> database() {
        db = new PostgresDatabase();
        return db.env();
    }

    private void intake(String address, String module) {
        Http.Answer r = http.send("PUT", "/email/v1/connections/" + ids.get(address) + "/intake", Node.DEMO_TOKEN,
                "{\"module\":\"" + module + "\"}");
        assertEquals(200, r.status(), r.body());
    }

    private String seed(String kind, String body) {
        Http.Answer r = http.send("POST", "/devhost/v1/" + kind, Node.DEMO_TOKEN, body);
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asText();
    }

    /** Delivers a message into a sandbox mailbox; returns its Message-ID. */
    private String deliver(String mailbox, String json) {
        Http.Answer r = provider.send("POST", "/_sandbox/accounts/" + mailbox + "/messages", null, json);
        assertEquals(2, r.status() / 100, r.body());
        return r.json().get("internetMessageId").asText();
    }

    private void sync(String mailbox) {
        String token = OTHER.equals(mailbox) ? OTHER_TOKEN : Node.DEMO_TOKEN;
        Http.Answer r = http.send("POST", "/email/v1/connections/" + ids.get(mailbox) + "/sync", token, null);
        assertEquals(200, r.status(), r.body());
        assertEquals("ok", r.json().get("status").asText(), r.body());
    }

    private JsonNode threads(String path, String token) {
        Http.Answer r = http.send("GET", "/email/v1/" + path, token, null);
        assertEquals(200, r.status(), r.body());
        return r.json().get("items");
    }

    /** The threads of the caller's own mailboxes among a panel's items. */
    private static JsonNode own(JsonNode items) {
        com.fasterxml.jackson.databind.node.ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.arrayNode();
        items.forEach(t -> {
            if ("owner".equals(t.path("access").asText())) {
                out.add(t);
            }
        });
        return out;
    }

    private static Set<String> subjects(JsonNode items) {
        Set<String> out = new TreeSet<>();
        items.forEach(t -> out.add(t.get("subject").asText()));
        return out;
    }

    private JsonNode tickets() {
        return http.send("GET", "/devhost/v1/tickets", Node.DEMO_TOKEN, null).json();
    }

    @Test
    @Order(1)
    void crmAndRecruitingPanelsShowExactlyTheLinkedThreads() {
        deliver(SALES, "{\"from\":\"alice@client.test\",\"to\":[\"" + SALES
                + "\"],\"subject\":\"Proposal for Q1\",\"text\":\"Here it is.\"}");
        deliver(SALES, "{\"from\":\"bob@talent.test\",\"to\":[\"" + SALES
                + "\"],\"subject\":\"Hello from Bob\",\"text\":\"My CV follows.\"}");
        deliver(SALES, "{\"from\":\"late@client.test\",\"to\":[\"" + SALES
                + "\"],\"subject\":\"Before you knew me\",\"text\":\"Hi.\"}");
        deliver(SALES, "{\"from\":\"stranger@else.test\",\"to\":[\"" + SALES
                + "\"],\"subject\":\"Unrelated\",\"text\":\"Hi.\"}");
        deliver(OTHER, "{\"from\":\"alice@client.test\",\"to\":[\"" + OTHER
                + "\"],\"subject\":\"Private to the other user\",\"text\":\"Hi.\"}");
        sync(SALES);
        sync(OTHER);

        String alice = "crm/contacts/" + records.get("alice") + "/threads";
        Wait.until(LINKED, "Alice's thread linked", () -> own(threads(alice, Node.DEMO_TOKEN)).size() == 1);
        JsonNode t = own(threads(alice, Node.DEMO_TOKEN)).get(0);
        assertEquals("Proposal for Q1", t.get("subject").asText());
        assertEquals(ids.get(SALES), t.get("connectionId").asText());
        assertEquals(1, t.get("messageCount").asInt());
        assertTrue(t.get("unread").asBoolean());
        assertTrue(t.get("participants").toString().contains("alice@client.test"), t.toString());
        assertEquals(Set.of("Proposal for Q1"), subjects(own(threads("crm/deals/" + records.get("deal")
                + "/threads", Node.DEMO_TOKEN))));
        String bob = "recruiting/candidates/" + records.get("bob") + "/threads";
        Wait.until(LINKED, "Bob's thread linked", () -> own(threads(bob, Node.DEMO_TOKEN)).size() == 1);
        assertEquals(Set.of("Hello from Bob"), subjects(own(threads(bob, Node.DEMO_TOKEN))));

        // the team: each sees the other's thread as shared by default (subject, people, time; no snippet)
        Wait.until(LINKED, "the other user's thread linked", () -> threads(alice, OTHER_TOKEN).size() == 2);
        assertEquals(Set.of("Private to the other user", "Proposal for Q1"), subjects(threads(alice, OTHER_TOKEN)));
        for (JsonNode x : threads(alice, OTHER_TOKEN)) {
            boolean own = x.get("subject").asText().startsWith("Private");
            assertEquals(own ? "owner" : "subject", x.get("access").asText(), x.toString());
            assertEquals(own ? OTHER : SALES, x.at("/owner/address").asText(), x.toString());
            assertEquals(own, x.hasNonNull("snippet"), x.toString());
        }
        assertEquals(2, threads(alice, Node.DEMO_TOKEN).size());
        assertEquals(Set.of("Hello from Bob"), subjects(threads(bob, OTHER_TOKEN)));
        // another workspace sees nothing of it
        assertEquals(0, threads(alice, THIRD_TOKEN).size());
        // bad input is a 400 naming the field, not a 500
        Http.Answer bad = http.send("GET", "/email/v1/" + alice + "?limit=abc", Node.DEMO_TOKEN, null);
        assertEquals(400, bad.status(), bad.body());
        assertEquals("limit", bad.json().at("/details/field").asText());
        assertEquals(401, http.send("GET", "/email/v1/" + alice, null, null).status());
        JsonNode health = http.send("GET", "/email/v1/health", Node.DEMO_TOKEN, null).json();
        assertEquals("up", health.at("/components/linker/status").asText(), health.toString());
    }

    @Test
    @Order(2)
    void aContactCreatedAfterTheMailArrivedIsLinkedRetroactively() {
        String late = seed("contacts", "{\"name\":\"Late Contact\",\"email\":\"late@client.test\"}");
        String path = "crm/contacts/" + late + "/threads";
        Wait.until(LINKED, "the earlier mail linked to the new contact", () -> threads(path, Node.DEMO_TOKEN)
                .size() == 1);
        assertEquals(Set.of("Before you knew me"), subjects(threads(path, Node.DEMO_TOKEN)));
    }

    @Test
    @Order(3)
    void supportIntakeMakesOneTicketPerConversationAndNoneForAutoReplies() throws Exception {
        int before = tickets().size();
        String first = deliver(HELP, "{\"from\":\"carol@customer.test\",\"to\":[\"" + HELP
                + "\"],\"subject\":\"Printer on fire\",\"text\":\"Help!\"}");
        sync(HELP);
        Wait.until(LINKED, "a ticket for the new conversation", () -> tickets().size() == before + 1);
        deliver(HELP, "{\"from\":\"carol@customer.test\",\"to\":[\"" + HELP + "\"],\"subject\":\"Re: Printer on fire\","
                + "\"text\":\"Still burning.\",\"inReplyTo\":\"" + first + "\"}");
        deliver(HELP, "{\"from\":\"dave@customer.test\",\"to\":[\"" + HELP + "\"],\"subject\":\"Automatic reply: "
                + "Printer on fire\",\"text\":\"I am away.\",\"headers\":{\"Auto-Submitted\":\"auto-replied\"}}");
        deliver(HELP, "{\"from\":\"MAILER-DAEMON@mx.customer.test\",\"to\":[\"" + HELP + "\"],\"subject\":"
                + "\"Undelivered Mail Returned to Sender\",\"text\":\"It bounced.\"}");
        deliver(HELP, "{\"from\":\"news@vendor.test\",\"to\":[\"" + HELP + "\"],\"subject\":\"Our newsletter\","
                + "\"text\":\"News.\",\"headers\":{\"List-Id\":\"<news.vendor.test>\",\"Precedence\":\"bulk\"}}");
        sync(HELP);
        String ticket = null;
        for (JsonNode t : tickets()) {
            if ("Printer on fire".equals(t.get("subject").asText())) {
                ticket = t.get("id").asText();
            }
        }
        assertTrue(ticket != null, tickets().toString());
        String path = "support/tickets/" + ticket + "/threads";
        String ticketId = ticket;
        Wait.until(LINKED, "the reply appended to the ticket", () -> {
            long messages = 0;
            for (JsonNode t : threads(path, Node.DEMO_TOKEN)) {
                messages += t.get("messageCount").asLong();
            }
            return messages == 2;
        });
        // the walker passed the auto-reply, the bounce and the list mail (stored after the reply): still one ticket
        deliver(HELP, "{\"from\":\"carol@customer.test\",\"to\":[\"" + HELP + "\"],\"subject\":\"Another question\","
                + "\"text\":\"About invoices.\"}");
        sync(HELP);
        Wait.until(LINKED, "a second ticket for the second conversation", () -> tickets().size() == before + 2);
        assertEquals(before + 2, tickets().size(), tickets().toString());
        List<String> requesters = new ArrayList<>();
        tickets().forEach(t -> requesters.add(t.get("emails").toString()));
        assertTrue(requesters.stream().noneMatch(r -> r.contains("dave@") || r.contains("mailer-daemon")
                || r.contains("news@")), requesters.toString());
        // the other user (not a support member) sees the ticket's threads only as the intake's owner shares them,
        // and cannot answer the ticket
        for (JsonNode x : threads(path, OTHER_TOKEN)) {
            assertEquals("subject", x.get("access").asText(), x.toString());
            assertTrue(!x.hasNonNull("snippet"), x.toString());
        }
        assertEquals(404, http.send("POST", "/email/v1/support/tickets/" + ticketId + "/reply", OTHER_TOKEN,
                "{\"text\":\"Hi\"}").status());
        // a reply from the ticket goes out from the intake mailbox, threaded into the customer's conversation
        Http.Answer reply = http.send("POST", "/email/v1/support/tickets/" + ticketId + "/reply", Node.DEMO_TOKEN,
                "{\"text\":\"We are on it.\"}", java.util.Map.of("Idempotency-Key", "ticket-reply-" + ticketId));
        assertEquals(202, reply.status(), reply.body());
        Wait.until(LINKED, "the ticket reply submitted by the intake mailbox",
                () -> provider.send("GET", "/_sandbox/accounts/" + HELP + "/sent", null, null).json().size() == 1);
        String raw = new String(java.util.Base64.getUrlDecoder().decode(provider.send("GET", "/_sandbox/accounts/"
                + HELP + "/sent", null, null).json().get(0).get("raw").asText()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(raw.contains("In-Reply-To:") && raw.contains("References:"), raw);
        assertTrue(raw.contains("We are on it."), raw);
    }

    @Test
    @Order(4)
    void recruitingIntakeRecordsTheApplicationWithItsResume() {
        deliver(JOBS, "{\"from\":\"erin@applicant.test\",\"to\":[\"" + JOBS + "\"],\"subject\":"
                + "\"Application: backend developer\",\"text\":\"Please find my CV attached.\",\"attachments\":"
                + "[{\"name\":\"Erin CV.pdf\",\"contentType\":\"application/pdf\",\"size\":48213}]}");
        deliver(JOBS, "{\"from\":\"ooo@applicant.test\",\"to\":[\"" + JOBS + "\"],\"subject\":\"Out of Office: "
                + "back Monday\",\"text\":\"Away.\",\"headers\":{\"Auto-Submitted\":\"auto-replied\"}}");
        sync(JOBS);
        Wait.until(LINKED, "a candidate for the application", () -> {
            for (JsonNode c : http.send("GET", "/devhost/v1/candidates", Node.DEMO_TOKEN, null).json()) {
                if (c.get("emails").toString().contains("erin@applicant.test")) {
                    records.put("erin", c.get("id").asText());
                    return true;
                }
            }
            return false;
        });
        Wait.until(LINKED, "the application recorded", () -> http.send("GET", "/email/v1/recruiting/candidates/"
                + records.get("erin") + "/applications", Node.DEMO_TOKEN, null).json().size() == 1);
        JsonNode app = http.send("GET", "/email/v1/recruiting/candidates/" + records.get("erin") + "/applications",
                Node.DEMO_TOKEN, null).json().get(0);
        assertEquals("Application: backend developer", app.get("subject").asText());
        assertEquals("Erin CV.pdf", app.at("/files/0/name").asText(), app.toString());
        assertEquals("application/pdf", app.at("/files/0/contentType").asText());
        assertTrue(app.at("/files/0/sizeBytes").asLong() > 0, app.toString());
        assertEquals(Set.of("Application: backend developer"), subjects(threads("recruiting/candidates/"
                + records.get("erin") + "/threads", Node.DEMO_TOKEN)));
        assertEquals(0, http.send("GET", "/email/v1/recruiting/candidates/" + records.get("erin") + "/applications",
                OTHER_TOKEN, null).json().size());
        for (JsonNode c : http.send("GET", "/devhost/v1/candidates", Node.DEMO_TOKEN, null).json()) {
            assertTrue(!c.get("emails").toString().contains("ooo@applicant.test"), c.toString());
        }
    }

    private JsonNode visibility(String mailbox, String value) {
        Http.Answer r = http.send("PATCH", "/email/v1/connections/" + ids.get(mailbox), Node.DEMO_TOKEN,
                "{\"visibility\":\"" + value + "\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(value, r.json().get("visibility").asText());
        return r.json();
    }

    @Test
    @Order(5)
    void everyPanelEndpointShowsATeammateExactlyWhatTheOwnerShares() {
        // the demo user's mailboxes reach Alice (contact and deal), Bob (candidate) and the support tickets
        String ticket = tickets().get(0).get("id").asText();
        Map<String, String> panels = new java.util.LinkedHashMap<>();
        panels.put("crm/contacts/" + records.get("alice"), SALES);
        panels.put("crm/deals/" + records.get("deal"), SALES);
        panels.put("recruiting/candidates/" + records.get("bob"), SALES);
        panels.put("support/tickets/" + ticket, HELP);
        for (String level : List.of("everything", "subject", "metadata", "private")) {
            visibility(SALES, level);
            visibility(HELP, level);
            for (Map.Entry<String, String> p : panels.entrySet()) {
                String where = level + " " + p.getKey();
                List<JsonNode> theirs = new ArrayList<>();
                threads(p.getKey() + "/threads", OTHER_TOKEN).forEach(x -> {
                    if (!"owner".equals(x.get("access").asText())) {
                        theirs.add(x);
                    }
                });
                JsonNode own = own(threads(p.getKey() + "/threads", Node.DEMO_TOKEN)).get(0);
                assertEquals("owner", own.get("access").asText(), where);
                String threadPath = "/email/v1/" + p.getKey() + "/threads/" + own.get("id").asText();
                Http.Answer opened = http.send("GET", threadPath, OTHER_TOKEN, null);
                if ("private".equals(level)) {
                    assertEquals(List.of(), theirs, where);
                    assertEquals(404, opened.status(), where + ": " + opened.body());
                    continue;
                }
                assertTrue(!theirs.isEmpty(), where);
                for (JsonNode x : theirs) {
                    assertEquals(level, x.get("access").asText(), where);
                    assertEquals(p.getValue(), x.at("/owner/address").asText(), where);
                    assertEquals(!"metadata".equals(level), x.hasNonNull("subject"), where + ": " + x);
                    assertEquals("everything".equals(level), x.hasNonNull("snippet"), where + ": " + x);
                    assertTrue(x.get("participants").size() > 0, where);
                }
                assertEquals(200, opened.status(), where + ": " + opened.body());
                for (JsonNode m : opened.json().get("messages")) {
                    assertTrue(m.hasNonNull("from") && m.hasNonNull("receivedAt"), where + ": " + m);
                    assertEquals(!"metadata".equals(level), m.hasNonNull("subject"), where + ": " + m);
                    boolean body = m.hasNonNull("text") || m.hasNonNull("html");
                    assertEquals("everything".equals(level), body, where + ": the body " + m);
                }
                // the owner always sees their own thread in full, and another workspace nothing
                JsonNode mine = http.send("GET", threadPath, Node.DEMO_TOKEN, null).json();
                assertEquals("owner", mine.at("/thread/access").asText(), where);
                assertTrue(mine.at("/messages/0/text").isTextual(), where + ": " + mine);
                assertEquals(404, http.send("GET", threadPath, THIRD_TOKEN, null).status(), where);
                assertEquals(0, threads(p.getKey() + "/threads", THIRD_TOKEN).size(), where);
            }
        }
        // only the owner changes it; a bad value is a 400 naming the field, and nothing changes
        assertEquals(404, http.send("PATCH", "/email/v1/connections/" + ids.get(SALES), OTHER_TOKEN,
                "{\"visibility\":\"everything\"}").status());
        Http.Answer bad = http.send("PATCH", "/email/v1/connections/" + ids.get(SALES), Node.DEMO_TOKEN,
                "{\"visibility\":\"public\"}");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("visibility", bad.json().at("/details/field").asText());
        assertEquals("private", http.send("GET", "/email/v1/connections/" + ids.get(SALES), Node.DEMO_TOKEN, null)
                .json().get("visibility").asText());
        // the workspace default for new connections: admins set it, members read it
        assertEquals(403, http.send("PUT", "/email/v1/workspace/sharing", OTHER_TOKEN,
                "{\"defaultVisibility\":\"everything\"}").status());
        assertEquals(200, http.send("PUT", "/email/v1/workspace/sharing", Node.DEMO_TOKEN,
                "{\"defaultVisibility\":\"metadata\"}").status());
        assertEquals("metadata", http.send("GET", "/email/v1/workspace/sharing", OTHER_TOKEN, null).json()
                .get("defaultVisibility").asText());
    }
}
