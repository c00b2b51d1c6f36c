package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the assembled distribution must do on any database: boot with our features, report health, refuse callers
 * without identity, answer errors as the API's JSON, survive a restart and a feature uninstall/reinstall.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DistributionContract {

    protected Node node;
    protected Http http;

    /** Environment that selects the database. */
    protected abstract Map<String, String> databaseEnv();

    /** The database product name health must report. */
    protected abstract String expectedProduct();

    /** A unique node name. */
    protected abstract String nodeName();

    @BeforeAll
    void boot() {
        node = Node.start(nodeName(), databaseEnv());
        http = node.http();
    }

    @AfterAll
    void shutdown() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    @Order(1)
    void healthReportsDatabaseMigrationsSchedulerAndModules() {
        // services come up in any order (and dynamic host services may re-register once): wait for all of them
        Wait.until(Duration.ofSeconds(60), "first scheduler tick and every module up", () -> {
            JsonNode h = http.send("GET", "/email/v1/health", Node.DEMO_TOKEN, null).json();
            return h.at("/components/scheduler/ticks").asLong() > 0
                    && "up".equals(h.at("/components/crm-panel/status").asText())
                    && "up".equals(h.at("/components/support-panel/status").asText())
                    && "up".equals(h.at("/components/recruiting-panel/status").asText());
        });
        // load balancers (anonymous) and signed-in non-admins learn the status only, nothing about the node
        for (String token : new String[] {null, "wrong-token"}) {
            Http.Answer anonymous = http.send("GET", "/email/v1/health", token, null);
            assertEquals(200, anonymous.status(), anonymous.body());
            assertEquals("{\"status\":\"up\"}", anonymous.json().toString());
        }
        // the admin (the demo user) sees every component with its details
        Http.Answer a = http.send("GET", "/email/v1/health", Node.DEMO_TOKEN, null);
        assertEquals(200, a.status(), a.body());
        JsonNode c = a.json().get("components");
        assertEquals("up", a.json().get("status").asText());
        assertEquals("up", c.at("/database/status").asText());
        assertEquals(expectedProduct(), c.at("/database/product").asText());
        assertEquals("up", c.at("/migrations/status").asText());
        assertTrue(c.at("/migrations/changesets").asInt() >= 1, a.body());
        assertEquals("up", c.at("/scheduler/status").asText(), a.body());
        assertTrue(c.at("/scheduler/connectors").has("gmail"), a.body());
        assertTrue(c.at("/scheduler/connectors").has("outlook"), a.body());
        for (String panel : new String[] {"crm-panel", "support-panel", "recruiting-panel"}) {
            assertEquals("up", c.at("/" + panel + "/status").asText(), a.body());
        }
    }

    @Test
    @Order(2)
    void userEndpointsNeedAValidBearerToken() {
        for (String token : new String[] {null, "wrong-token"}) {
            Http.Answer a = http.send("GET", "/email/v1/me", token, null);
            assertEquals(401, a.status(), a.body());
            assertEquals("unauthorized", a.json().get("error").asText());
            assertTrue(a.json().get("message").asText().length() > 10);
            assertEquals(401, http.send("GET", "/email/v1/connections", token, null).status());
            assertEquals(401, http.send("GET", "/email/v1/no/such/thing", token, null).status());
            assertEquals(401, http.send("GET", "/devhost/v1/contacts", token, null).status());
        }
        Http.Answer me = http.send("GET", "/email/v1/me", Node.DEMO_TOKEN, null);
        assertEquals(200, me.status(), me.body());
        assertEquals("demo", me.json().get("userId").asText());
        assertEquals("demo", me.json().get("workspaceId").asText());
    }

    @Test
    @Order(3)
    void errorsAreTheApiJsonNeverAStackTrace() {
        assertError(http.send("GET", "/email/v1/no/such/thing", Node.DEMO_TOKEN, null), 404, "not_found");
        assertError(http.send("DELETE", "/email/v1/health", null, null), 405, "method_not_allowed");
        assertError(http.send("POST", "/devhost/v1/contacts", Node.DEMO_TOKEN, "{not json"), 400, "bad_request");
        Http.Answer badEmail = http.send("POST", "/devhost/v1/contacts", Node.DEMO_TOKEN,
                "{\"name\":\"X\",\"email\":\"not-an-address\"}");
        assertError(badEmail, 400, "bad_request");
        assertEquals("email", badEmail.json().at("/details/field").asText());
        Http.Answer unknownField = http.send("POST", "/devhost/v1/contacts", Node.DEMO_TOKEN,
                "{\"name\":\"X\",\"email\":\"x@y.test\",\"colour\":\"red\"}");
        assertError(unknownField, 400, "bad_request");
        assertEquals("colour", unknownField.json().at("/details/field").asText());
        assertError(http.send("GET", "/devhost/v1/contacts/does-not-exist", Node.DEMO_TOKEN, null), 404,
                "not_found");
        // nothing was created by the refused requests
        assertEquals(0, http.send("GET", "/devhost/v1/contacts", Node.DEMO_TOKEN, null).json().size());
    }

    @Test
    @Order(3)
    void everyOperationOfTheOpenApiDocumentIsServed() {
        Http.Answer doc = http.send("GET", "/email/v1/openapi.json", null, null);
        assertEquals(200, doc.status(), doc.body());
        JsonNode paths = doc.json().get("paths");
        assertTrue(paths.size() > 30, "the whole surface is documented");
        java.util.List<String> problems = new java.util.ArrayList<>();
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method -> {
            String path = "/email/v1" + p.getKey().replaceAll("\\{[^}]+}", "does-not-exist");
            String verb = method.toUpperCase(java.util.Locale.ROOT);
            String body = verb.equals("POST") || verb.equals("PUT") ? "{}" : null;
            Http.Answer a = http.send(verb, path, Node.DEMO_TOKEN, body);
            boolean unknownRoute = a.status() == 404 && a.contentType().startsWith("application/json")
                    && "unknown".equals(a.json().at("/details/route").asText());
            if (a.status() == 405 || unknownRoute || a.status() == 500) {
                problems.add(verb + " " + p.getKey() + " -> " + a.status() + " " + a.body());
            }
            if (!"nosniff".equals(a.header("X-Content-Type-Options"))) {
                problems.add(verb + " " + p.getKey() + " answered without X-Content-Type-Options: nosniff");
            }
        }));
        assertEquals(java.util.List.of(), problems, "documented but not served");
        assertEquals("unknown", http.send("GET", "/email/v1/not/documented", Node.DEMO_TOKEN, null).json()
                .at("/details/route").asText(), "the check tells a missing endpoint from a missing object");
    }

    @Test
    @Order(3)
    void publicEndpointsRefuseLargeBodiesBeforeReadingThem() throws Exception {
        for (String path : new String[] {"/email/v1/webhooks/graph", "/email/v1/webhooks/graph/lifecycle",
                "/email/v1/webhooks/resend?workspace=demo", "/email/v1/oauth/gmail/callback"}) {
            // a declared length of 10 MB, of which only 1 KB is sent: answered 413 at once, the body never awaited
            String declared = raw(path, "Content-Length: 10000000\r\n", new byte[1024]);
            assertTrue(declared.startsWith("HTTP/1.1 413"), path + ": " + declared);
            assertTrue(declared.contains("payload_too_large"), declared);
            if (path.contains("/callback")) {
                continue; // GET only: a chunked body is never read there (405)
            }
            // a chunked body (no length) passing the limit: cut off at the limit, 413
            java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[32 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < 9; i++) {
                chunks.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                chunks.write(chunk);
                chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            chunks.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String chunked = raw(path, "Transfer-Encoding: chunked\r\n", chunks.toByteArray());
            assertTrue(chunked.startsWith("HTTP/1.1 413"), path + ": " + chunked);
            assertTrue(chunked.contains("payload_too_large"), chunked);
        }
        // a collection of more notifications than one request may carry is refused before any look-up
        String many = "{\"value\":[" + "{\"subscriptionId\":\"x\",\"clientState\":\"y\"},".repeat(200)
                + "{}]}";
        assertError(http.send("POST", "/email/v1/webhooks/graph", null, many), 413, "payload_too_large");
        Http.Answer fits = http.send("POST", "/email/v1/webhooks/graph", null,
                "{\"value\":[" + "{\"subscriptionId\":\"x\",\"clientState\":\"y\"},".repeat(199) + "{}]}");
        assertEquals(202, fits.status(), fits.body());
        assertEquals(0, fits.json().get("accepted").asInt(), "unknown subscriptions are dropped");
        // the echoed validation token is text: never sniffed into something a browser would run
        Http.Answer echo = http.send("POST", "/email/v1/webhooks/graph?validationToken=%3Cscript%3E", null, null);
        assertEquals(200, echo.status(), echo.body());
        assertTrue(echo.contentType().startsWith("text/plain"), echo.contentType());
        assertEquals("nosniff", echo.header("X-Content-Type-Options"));
        assertEquals("nosniff", http.send("GET", "/email/v1/health", null, null).header("X-Content-Type-Options"));
    }

    @Test
    @Order(4)
    void devHostRecordsSurviveARestart() {
        Http.Answer created = http.send("POST", "/devhost/v1/contacts", Node.DEMO_TOKEN,
                "{\"name\":\"Carla Customer\",\"emails\":[\"Carla@Customer.test\",\"c.c@customer.test\"]}");
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("id").asText();
        assertEquals("carla@customer.test", created.json().at("/emails/1").asText(), created.body());
        node.stop();
        node.startProcess();
        // the dev host's resource may join the REST application a moment after the node answers as healthy
        Wait.until(Duration.ofSeconds(60), "the dev host's records served again", () -> http.status("GET",
                "/devhost/v1/contacts/" + id, Node.DEMO_TOKEN, null) != 404);
        Http.Answer again = http.send("GET", "/devhost/v1/contacts/" + id, Node.DEMO_TOKEN, null);
        assertEquals(200, again.status(), again.body());
        assertEquals("Carla Customer", again.json().get("name").asText());
    }

    @Test
    @Order(5)
    void featureUninstallAndReinstall() {
        String out = node.shell("feature:uninstall workestra-email");
        assertFalse(out.contains("Error"), out);
        Wait.until(Duration.ofSeconds(60), "REST gone after uninstall",
                () -> http.status("GET", "/email/v1/health", null, null) == 404);
        out = node.shell("feature:install workestra-email");
        assertFalse(out.contains("Error"), out);
        Wait.until(Duration.ofSeconds(90), "healthy after reinstall",
                () -> http.status("GET", "/email/v1/health", null, null) == 200);
        assertTrue(node.shell("feature:list -i").contains("workestra-email "));
        assertEquals(200, http.send("GET", "/email/v1/me", Node.DEMO_TOKEN, null).status());
    }

    /** A POST written by hand (declared length or chunks as given), and whatever the node answered until it closed. */
    private String raw(String path, String headers, byte[] body) throws java.io.IOException {
        java.net.URI base = java.net.URI.create(http.base());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json"
                    + "\r\nConnection: close\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the node may answer and close before the body is written: what it answered is what counts
            }
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            java.io.InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n = in.read(buf); n > 0 && answer.size() < 65_536; n = in.read(buf)) {
                    answer.write(buf, 0, n);
                }
            } catch (java.net.SocketException | java.net.SocketTimeoutException end) {
                // a reset after the answer (unread body), or a node that keeps the connection open, ends the exchange
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    static void assertError(Http.Answer a, int status, String code) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.contentType().startsWith("application/json"), a.contentType() + " " + a.body());
        JsonNode j = a.json();
        assertEquals(code, j.get("error").asText(), a.body());
        assertTrue(j.hasNonNull("message"), a.body());
        assertTrue(j.has("details"), a.body());
        assertFalse(a.body().contains("Exception") || a.body().contains("\tat "), a.body());
    }
}
