package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.SandboxServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Isolation, generated from the OpenAPI document: every operation whose path names an object is called with the real
 * ids of the demo user's objects (connection, thread, message, scheduled send, signature, workspace domain, module
 * records linked to its mail) by a second user of the same workspace and by an admin of a second workspace. Each
 * gets 404 (never the object, never a hint that it exists), and the owner's objects are unchanged afterwards. Module
 * records belong to the host: their panels answer the caller's own linked mail, exactly as for an unknown id. A new
 * path parameter without an id here fails the test, so new endpoints are swept too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationIT {

    private static final String GMAIL = "owner.gmail@sandbox.test";
    private static final String COLLEAGUE = "colleague-" + Long.toHexString(System.nanoTime());
    private static final String STRANGER = "stranger-" + Long.toHexString(System.nanoTime());
    /** Paths reached without a user (providers, browsers, probes): their parameters are not user objects. */
    private static final Set<String> PUBLIC = Set.of("/oauth/{provider}/callback", "/t/o/{token}.gif");

    private SandboxServer sandbox;
    private Node node;
    private Http http;
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        sandbox = SandboxServer.start(0);
        Http provider = new Http(sandbox.baseUrl());
        assertEquals(200, provider.send("PUT", "/_sandbox/settings", null, "{\"quotas\":false}").status());
        assertEquals(2, provider.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"gmail\",\"address\":\""
                + GMAIL + "\",\"messages\":5}").status() / 100);
        assertEquals(2, provider.send("POST", "/_sandbox/accounts/" + GMAIL + "/messages", null,
                "{\"from\":\"alice@client.test\",\"to\":[\"" + GMAIL + "\"],\"subject\":\"Owner's deal\","
                        + "\"text\":\"confidential\"}").status() / 100);
        node = Node.start("isolation-" + Long.toHexString(System.nanoTime()), Map.of(
                "WORKESTRA_SANDBOX_URL", sandbox.baseUrl(),
                "WORKESTRA_DEVHOST_USERS", "colleague|colleague@workestra.test|Colleague|" + COLLEAGUE
                        + ",stranger|stranger@other.test|Stranger|" + STRANGER + "|ws2|true"));
        http = node.http();
        // the owner's objects, created through the API as a user would
        ids.put("connection", new OAuthBrowser(http, sandbox.baseUrl()).connect("gmail", GMAIL, null).json()
                .at("/connection/id").asText());
        // the owner shares nothing with the team, so a panel must answer a colleague exactly as for an unknown record
        // (what each level of team visibility shows is PanelsIT's subject)
        assertEquals(200, http.send("PATCH", "/email/v1/connections/" + ids.get("connection"), Node.DEMO_TOKEN,
                "{\"visibility\":\"private\"}").status());
        Http.Answer sync = http.send("POST", "/email/v1/connections/" + ids.get("connection") + "/sync",
                Node.DEMO_TOKEN, null);
        assertEquals("ok", sync.json().get("status").asText(), sync.body());
        JsonNode item = http.send("GET", "/email/v1/inbox?limit=1&q=confidential", Node.DEMO_TOKEN, null).json()
                .at("/items/0");
        ids.put("message", item.get("id").asText());
        ids.put("thread", item.get("threadId").asText());
        ids.put("signature", created("POST", "/email/v1/signatures", "{\"name\":\"Owner\",\"html\":\"<p>O</p>\"}"));
        ids.put("send", created("POST", "/email/v1/messages", "{\"from\":{\"type\":\"connection\",\"connectionId\":\""
                + ids.get("connection") + "\"},\"to\":[\"bob@example.test\"],\"subject\":\"Later\",\"text\":\"x\","
                + "\"sendAt\":\"" + Instant.now().plus(Duration.ofDays(2)) + "\"}"));
        assertEquals(200, http.send("PUT", "/email/v1/workspace/sender", Node.DEMO_TOKEN,
                "{\"fromAddress\":\"hello@demo.workestra.test\",\"fromName\":\"Demo\",\"apiKey\":"
                        + "\"re_isolation_key_0123456789\"}").status());
        ids.put("domain", created("POST", "/email/v1/workspace/domains", "{\"name\":\"mail.owner-demo.test\"}"));
        ids.put("contact", created("POST", "/devhost/v1/contacts",
                "{\"name\":\"Alice\",\"email\":\"alice@client.test\"}"));
        ids.put("deal", created("POST", "/devhost/v1/deals", "{\"name\":\"Deal\",\"contactIds\":[\""
                + ids.get("contact") + "\"]}"));
        ids.put("ticket", created("POST", "/devhost/v1/tickets",
                "{\"name\":\"Ticket\",\"subject\":\"Help\",\"email\":\"alice@client.test\"}"));
        ids.put("candidate", created("POST", "/devhost/v1/candidates",
                "{\"name\":\"Alice\",\"email\":\"alice@client.test\"}"));
        // the linker connects the owner's mail to the contact: the panels have something to leak
        Wait.until(Duration.ofSeconds(90), "the owner's thread linked to the contact", () -> http.send("GET",
                "/email/v1/crm/contacts/" + ids.get("contact") + "/threads", Node.DEMO_TOKEN, null).body()
                .contains(ids.get("thread")));
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

    private String created(String method, String path, String body) {
        Http.Answer a = http.send(method, path, Node.DEMO_TOKEN, body);
        assertEquals(2, a.status() / 100, path + " " + a.body());
        return a.json().get("id").asText();
    }

    /** The owner's object a path parameter names, chosen by the path's resource. */
    private String idFor(String path, String parameter) {
        return switch (parameter) {
            case "contactId" -> ids.get("contact");
            case "dealId" -> ids.get("deal");
            case "ticketId" -> ids.get("ticket");
            case "candidateId" -> ids.get("candidate");
            case "threadId" -> ids.get("thread");
            case "provider" -> "gmail";
            case "id" -> path.startsWith("/connections/") ? ids.get("connection")
                    : path.startsWith("/threads/") ? ids.get("thread")
                    : path.startsWith("/messages/{id}/schedule") ? ids.get("send")
                    : path.startsWith("/messages/") ? ids.get("message")
                    : path.startsWith("/signatures/") ? ids.get("signature")
                    : path.startsWith("/workspace/domains/") ? ids.get("domain")
                    : null;
            default -> null;
        };
    }

    /** A well-formed body for each writing operation, so that only ownership can refuse it. */
    private static String bodyFor(String method, String path) {
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            return null;
        }
        if (method.equals("PATCH") && path.equals("/connections/{id}")) {
            return "{\"visibility\":\"everything\"}";
        }
        if (path.endsWith("/read")) {
            return "{\"read\":true}";
        } else if (path.endsWith("/intake")) {
            return "{\"module\":\"support\"}";
        } else if (path.endsWith("/shared-mailboxes")) {
            return "{\"address\":\"team@sandbox.test\"}";
        } else if (path.endsWith("/backfill")) {
            return "{\"range\":\"90d\"}";
        } else if (path.startsWith("/signatures/")) {
            return "{\"name\":\"Taken\",\"html\":\"<p>T</p>\"}";
        } else if (path.endsWith("/reply")) {
            return "{\"text\":\"Hi\"}";
        } else if (path.endsWith("/authorize")) {
            return "{}";
        }
        return "{}";
    }

    @Test
    void everyObjectOfTheOwnerIsNotFoundForEveryoneElse() {
        JsonNode paths = http.send("GET", "/email/v1/openapi.json", null, null).json().get("paths");
        List<String> problems = new ArrayList<>();
        int swept = 0;
        for (var p : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
            String template = p.getKey();
            if (!template.contains("{") || PUBLIC.contains(template) || template.endsWith("/authorize")) {
                continue;
            }
            String path = template;
            for (String parameter : template.replaceAll("[^{]*\\{([^}]+)}[^{]*", "$1 ").trim().split(" ")) {
                String id = idFor(template, parameter);
                if (id == null) {
                    problems.add(template + ": no owner object for {" + parameter + "}: add it to the sweep");
                    continue;
                }
                path = path.replace("{" + parameter + "}", id);
            }
            for (String method : (Iterable<String>) p.getValue()::fieldNames) {
                String verb = method.toUpperCase(Locale.ROOT);
                boolean panel = template.matches("/(crm|support|recruiting)/.*");
                boolean workspace = template.startsWith("/workspace/");
                // query parameters an operation needs, so that only ownership can refuse the call
                String query = template.endsWith("/backfill/preview") ? "?range=90d" : "";
                for (String intruder : new String[] {COLLEAGUE, STRANGER}) {
                    Http.Answer a = http.send(verb, "/email/v1" + path + query, intruder, bodyFor(verb, template));
                    swept++;
                    boolean sameWorkspace = intruder.equals(COLLEAGUE);
                    boolean ok = a.status() == 404 && a.body().contains("\"not_found\"");
                    if (sameWorkspace && workspace) {
                        // workspace settings: a member who is not an admin is refused before any object is looked up
                        ok = a.status() == 403 && a.body().contains("admin_required");
                    }
                    if (panel && verb.equals("GET") && template.endsWith("/threads")) {
                        // a module record is the host's, not the owner's: the panel lists the mail the caller may see
                        // (the owner shares nothing here), and one thread of it answers 404 like any other object;
                        // linked to it, the same empty answer as for an id that does not exist (no existence oracle)
                        String unknown = http.send("GET", "/email/v1" + template.replaceAll("\\{[^}]+}",
                                "no-such-record"), intruder, null).body();
                        ok = a.status() == 200 && !a.body().contains(ids.get("thread")) && a.body().equals(unknown);
                    }
                    for (String own : ids.values()) {
                        if (a.body().contains(own) && !a.body().contains("\"not_found\"") && !own.equals("gmail")
                                && !panel) {
                            ok = false;
                        }
                    }
                    if (!ok) {
                        problems.add(verb + " " + template + " as " + (sameWorkspace ? "colleague" : "stranger")
                                + " -> " + a.status() + " " + a.body());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(swept >= 40, "swept " + swept + " calls");

        // nothing of the owner changed
        JsonNode connection = http.send("GET", "/email/v1/connections/" + ids.get("connection"), Node.DEMO_TOKEN, null)
                .json();
        assertEquals(ids.get("connection"), connection.get("id").asText(), connection.toString());
        assertTrue(connection.path("intake").isNull() || connection.path("intake").isMissingNode(),
                connection.toString());
        assertEquals("private", connection.path("visibility").asText(), connection.toString());
        assertEquals(200, http.send("GET", "/email/v1/threads/" + ids.get("thread"), Node.DEMO_TOKEN, null).status());
        assertTrue(http.send("GET", "/email/v1/messages/" + ids.get("message"), Node.DEMO_TOKEN, null).json()
                .path("unread").asBoolean(), "still unread");
        assertTrue(http.send("GET", "/email/v1/signatures", Node.DEMO_TOKEN, null).body().contains("\"Owner\""));
        assertEquals(200, http.send("GET", "/email/v1/workspace/domains/" + ids.get("domain"), Node.DEMO_TOKEN, null)
                .status());
        assertEquals(200, http.send("DELETE", "/email/v1/messages/" + ids.get("send") + "/schedule", Node.DEMO_TOKEN,
                null).status(), "the scheduled send was still the owner's to cancel");
    }
}
