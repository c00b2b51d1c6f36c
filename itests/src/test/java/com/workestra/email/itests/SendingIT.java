package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.SandboxServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sending bundle on the running distribution (API.md "Sending"): the From selector lists the caller's connected
 * mailboxes and nobody else's; signatures are per user, sanitized, 404 for others, 400 naming the field. (POST
 * /messages is exposed by the inbox resource; the send path itself is covered against the sandbox by the outbound
 * bundle's GmailSendPathTest.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SendingIT {

    private static final String OTHER_TOKEN = "it-sending-other-token";
    private static final String GMAIL = "sam.gmail@sandbox.test";
    private static final String OUTLOOK = "sue.outlook@sandbox.test";

    private final PostgresDatabase db = new PostgresDatabase();
    private SandboxServer sandbox;
    private Node node;
    private Http http;
    private final List<String> connections = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        sandbox = SandboxServer.start(0);
        Http provider = new Http(sandbox.baseUrl());
        for (String[] a : new String[][] {{"gmail", GMAIL}, {"outlook", OUTLOOK}}) {
            Http.Answer r = provider.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"" + a[0]
                    + "\",\"address\":\"" + a[1] + "\",\"messages\":2}");
            assertTrue(r.status() == 200 || r.status() == 201, r.body());
        }
        Map<String, String> env = new HashMap<>(db.env());
        env.put("WORKESTRA_SANDBOX_URL", sandbox.baseUrl());
        env.put("WORKESTRA_DEVHOST_USERS", "other|other@workestra.test|Other User|" + OTHER_TOKEN);
        node = Node.start("sending-" + Long.toHexString(System.nanoTime()), env);
        http = node.http();
        OAuthBrowser oauth = new OAuthBrowser(http, sandbox.baseUrl());
        for (String[] a : new String[][] {{"gmail", GMAIL}, {"outlook", OUTLOOK}}) {
            Http.Answer r = oauth.connect(a[0], a[1], null);
            assertEquals(200, r.status(), r.body());
            connections.add(r.json().at("/connection/id").asText());
        }
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

    @Test
    @Order(1)
    void sendersListTheCallersMailboxesOnly() {
        Http.Answer r = http.send("GET", "/email/v1/senders", Node.DEMO_TOKEN, null);
        assertEquals(200, r.status(), r.body());
        JsonNode options = r.json().get("options");
        assertEquals(2, options.size(), r.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode o : options) {
            assertEquals("connection", o.get("type").asText());
            ids.add(o.get("connectionId").asText());
            assertTrue(List.of(GMAIL, OUTLOOK).contains(o.get("address").asText()), o.toString());
        }
        assertEquals(connections, ids);
        assertTrue(r.json().path("lastUsed").isMissingNode() || r.json().path("lastUsed").isNull(), r.body());

        Http.Answer other = http.send("GET", "/email/v1/senders", OTHER_TOKEN, null);
        assertEquals(200, other.status(), other.body());
        assertEquals(0, other.json().get("options").size());
        assertEquals(401, http.send("GET", "/email/v1/senders", null, null).status());
    }

    @Test
    @Order(2)
    void messagesCanBeComposedInsideKaraf() {
        // the health probe composes a MIME message with Angus Mail and sanitizes HTML inside the running bundle
        JsonNode sending = http.send("GET", "/email/v1/health", Node.DEMO_TOKEN, null).json().at("/components/sending");
        assertEquals("up", sending.path("status").asText(), sending.toString());
        assertTrue(sending.path("mailboxAccess").asBoolean(), sending.toString());
    }

    @Test
    @Order(3)
    void signaturesArePerUserSanitizedAndValidated() {
        Http.Answer created = http.send("POST", "/email/v1/signatures", Node.DEMO_TOKEN,
                "{\"name\":\"Work\",\"html\":\"<p onclick=\\\"x()\\\">Sam <b>S.</b></p><script>alert(1)</script>"
                        + "<a href=\\\"javascript:alert(2)\\\">x</a>\",\"defaultForNew\":true}");
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("id").asText();
        String html = created.json().get("html").asText();
        assertTrue(html.contains("<b>S.</b>"), html);
        assertFalse(html.contains("script") || html.contains("onclick") || html.contains("javascript:"), html);
        assertTrue(created.json().get("defaultForNew").asBoolean());
        assertFalse(created.json().get("defaultForReplies").asBoolean());

        Http.Answer second = http.send("POST", "/email/v1/signatures", Node.DEMO_TOKEN,
                "{\"name\":\"Short\",\"html\":\"<i>S.</i>\",\"defaultForNew\":true,\"defaultForReplies\":true}");
        assertEquals(201, second.status(), second.body());
        JsonNode list = http.send("GET", "/email/v1/signatures", Node.DEMO_TOKEN, null).json();
        assertEquals(2, list.size(), list.toString());
        for (JsonNode s : list) {
            // one default for new messages: the newer one took it
            assertEquals(s.get("name").asText().equals("Short"), s.get("defaultForNew").asBoolean(), list.toString());
        }

        assertEquals(0, http.send("GET", "/email/v1/signatures", OTHER_TOKEN, null).json().size());
        assertEquals(404, http.send("PUT", "/email/v1/signatures/" + id, OTHER_TOKEN,
                "{\"name\":\"Mine\",\"html\":\"\"}").status());
        assertEquals(404, http.send("DELETE", "/email/v1/signatures/" + id, OTHER_TOKEN, null).status());

        Http.Answer bad = http.send("PUT", "/email/v1/signatures/" + id, Node.DEMO_TOKEN,
                "{\"name\":\"\",\"html\":\"x\"}");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("name", bad.json().at("/details/field").asText(), bad.body());

        Http.Answer renamed = http.send("PUT", "/email/v1/signatures/" + id, Node.DEMO_TOKEN,
                "{\"name\":\"Renamed\",\"html\":\"<b>S.</b>\",\"defaultForReplies\":true}");
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals("Renamed", renamed.json().get("name").asText());

        assertEquals(204, http.send("DELETE", "/email/v1/signatures/" + id, Node.DEMO_TOKEN, null).status());
        assertEquals(404, http.send("DELETE", "/email/v1/signatures/" + id, Node.DEMO_TOKEN, null).status());
        assertEquals(1, http.send("GET", "/email/v1/signatures", Node.DEMO_TOKEN, null).json().size());
    }

    /** The messages the sandbox received for sending from a mailbox, oldest first, raw decoded. */
    private List<String> sentRaw(String address) {
        JsonNode sent = new Http(sandbox.baseUrl()).send("GET", "/_sandbox/accounts/" + address + "/sent", null, null)
                .json();
        List<String> out = new ArrayList<>();
        for (JsonNode s : sent) {
            out.add(new String(java.util.Base64.getUrlDecoder().decode(s.get("raw").asText()),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String header(String raw, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^" + name + ":\\s*(.*(?:\r?\n[ \t].*)*)")
                .matcher(raw.substring(0, Math.max(0, raw.indexOf("\r\n\r\n"))));
        return m.find() ? m.group(1).replaceAll("\\r?\\n[ \\t]+", " ").trim() : null;
    }

    /** An RFC 2047 B-encoded UTF-8 header value, decoded (plain values are returned as they are). */
    private static String decoded(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("=\\?UTF-8\\?B\\?([^?]*)\\?=",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(new String(
                    java.util.Base64.getDecoder().decode(m.group(1)), java.nio.charset.StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Test
    @Order(4)
    void aSendWithAnIdempotencyKeyReachesTheProviderOnceAndRepliesThread() {
        String conn = connections.get(0);
        String body = "{\"from\":{\"type\":\"connection\",\"connectionId\":\"" + conn + "\"},"
                + "\"to\":[\"Bob Buyer <bob@example.test>\"],\"cc\":[\"carol@example.test\"],"
                + "\"bcc\":[\"secret@example.test\"],\"subject\":\"Quarterly numbers\","
                + "\"text\":\"Hello Bob\",\"html\":\"<p>Hello <b>Bob</b></p>\"}";
        Map<String, String> key = Map.of("Idempotency-Key", "it-send-" + System.nanoTime());
        Http.Answer first = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN, body, key);
        assertEquals(202, first.status(), first.body());
        Http.Answer again = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN, body, key);
        assertEquals(202, again.status(), again.body());
        assertEquals(first.json().get("id").asText(), again.json().get("id").asText(), "one send per key");
        Wait.until(java.time.Duration.ofSeconds(60), "the send submitted", () -> sentRaw(GMAIL).size() == 1);
        String raw = sentRaw(GMAIL).get(0);
        assertTrue(header(raw, "To").contains("bob@example.test"), raw);
        assertTrue(header(raw, "Cc").contains("carol@example.test"), raw);
        assertEquals("Quarterly numbers", header(raw, "Subject"), raw);
        assertTrue(header(raw, "Message-ID").matches("<[^>]+@[^>]+>"), raw);
        assertTrue(raw.contains("multipart/alternative"), raw);
        assertEquals(conn, http.send("GET", "/email/v1/senders", Node.DEMO_TOKEN, null).json()
                .at("/lastUsed/connectionId").asText(), "the From choice is remembered");

        // bad input: refused naming the field, nothing sent
        Http.Answer bad = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN, body.replace(
                "Bob Buyer <bob@example.test>", "bob@example.test\\r\\nBcc: everyone@example.test"),
                Map.of("Idempotency-Key", "it-bad-" + System.nanoTime()));
        assertEquals(400, bad.status(), bad.body());
        assertEquals("to", bad.json().at("/details/field").asText(), bad.body());
        Http.Answer noRecipient = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN,
                "{\"from\":{\"type\":\"connection\",\"connectionId\":\"" + conn + "\"},\"subject\":\"x\","
                        + "\"text\":\"x\"}");
        assertEquals(400, noRecipient.status(), noRecipient.body());
        Http.Answer notMine = http.send("POST", "/email/v1/messages", OTHER_TOKEN, body);
        assertEquals(404, notMine.status(), notMine.body());
        assertEquals("from", notMine.json().at("/details/field").asText(), notMine.body());

        // a reply threads: In-Reply-To and References name the message it answers
        JsonNode round = http.send("POST", "/email/v1/connections/" + conn + "/sync", Node.DEMO_TOKEN, null).json();
        assertEquals("ok", round.get("status").asText(), round.toString());
        JsonNode inbox = http.send("GET", "/email/v1/inbox?tab=emails&connection=" + conn, Node.DEMO_TOKEN, null)
                .json().get("items");
        String original = null;
        for (JsonNode item : inbox) {
            if (!"Quarterly numbers".equals(item.path("subject").asText())) {
                original = item.get("id").asText();
                break;
            }
        }
        assertTrue(original != null, inbox.toString());
        JsonNode message = http.send("GET", "/email/v1/messages/" + original, Node.DEMO_TOKEN, null).json();
        Http.Answer reply = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN,
                "{\"from\":{\"type\":\"connection\",\"connectionId\":\"" + conn + "\"},"
                        + "\"to\":[\"bob@example.test\"],\"text\":\"Thanks\",\"replyToMessageId\":\"" + original
                        + "\"}");
        assertEquals(202, reply.status(), reply.body());
        Wait.until(java.time.Duration.ofSeconds(60), "the reply submitted", () -> sentRaw(GMAIL).size() == 2);
        String replyRaw = sentRaw(GMAIL).get(1);
        String inReplyTo = header(replyRaw, "In-Reply-To");
        assertTrue(inReplyTo != null && message.toString().contains(inReplyTo.replaceAll("[<>]", "")),
                replyRaw + "\n" + message);
        assertTrue(header(replyRaw, "References").contains(inReplyTo), replyRaw);
        assertTrue(decoded(header(replyRaw, "Subject")).startsWith("Re: "), replyRaw);
    }

    @Test
    @Order(5)
    void workspaceEmailGoesOutThroughResendOncePerKey() {
        Http.Answer put = http.send("PUT", "/email/v1/workspace/sender", Node.DEMO_TOKEN,
                "{\"fromAddress\":\"hello@demo.workestra.test\",\"fromName\":\"Demo Workspace\","
                        + "\"rateLimitPerSecond\":5,\"apiKey\":\"re_it_sending_key_0123456789\"}");
        assertEquals(200, put.status(), put.body());
        JsonNode options = http.send("GET", "/email/v1/senders", Node.DEMO_TOKEN, null).json().get("options");
        boolean offered = false;
        for (JsonNode o : options) {
            offered |= "workspace".equals(o.get("type").asText())
                    && "hello@demo.workestra.test".equals(o.get("address").asText());
        }
        assertTrue(offered, options.toString());
        String body = "{\"from\":{\"type\":\"workspace\"},\"to\":[\"dana@example.test\"],"
                + "\"subject\":\"Welcome aboard\",\"text\":\"Hi Dana\",\"html\":\"<p>Hi Dana</p>\"}";
        Map<String, String> key = Map.of("Idempotency-Key", "it-workspace-" + System.nanoTime());
        Http.Answer first = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN, body, key);
        assertEquals(202, first.status(), first.body());
        Http resend = new Http(sandbox.baseUrl());
        Wait.until(java.time.Duration.ofSeconds(60), "the workspace email at Resend",
                () -> resend.send("GET", "/_sandbox/resend/emails", null, null).body().contains("Welcome aboard"));
        Http.Answer again = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN, body, key);
        assertEquals(first.json().get("id").asText(), again.json().get("id").asText(), again.body());
        String received = resend.send("GET", "/_sandbox/resend/emails", null, null).body();
        assertEquals(1, received.split("Welcome aboard", -1).length - 1, received);
        assertTrue(received.contains("hello@demo.workestra.test") && received.contains("dana@example.test"),
                received);
    }

    @Test
    @Order(6)
    void aForwardOfASyncedMessageReachesTheProviderOnceWithItsAttachment() {
        String conn = connections.get(0);
        byte[] pdf = new byte[5000];
        new java.util.Random(42).nextBytes(pdf);
        String raw = "From: Olga <olga@example.test>\r\nTo: " + GMAIL + "\r\nSubject: Signed contract\r\n"
                + "Date: Mon, 23 Nov 2026 09:15:00 +0000\r\nMessage-ID: <it-fwd-original@example.test>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHere it is, signed.\r\n"
                + "--b1\r\nContent-Type: application/pdf; name=\"it-contract.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"it-contract.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(pdf) + "\r\n--b1--\r\n";
        Http provider = new Http(sandbox.baseUrl());
        Http.Answer delivered = provider.send("POST", "/_sandbox/accounts/" + GMAIL + "/messages", null,
                "{\"raw\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(raw) + "}");
        assertTrue(delivered.status() / 100 == 2, delivered.body());
        JsonNode round = http.send("POST", "/email/v1/connections/" + conn + "/sync", Node.DEMO_TOKEN, null).json();
        assertEquals("ok", round.get("status").asText(), round.toString());
        String original = null;
        for (JsonNode item : http.send("GET", "/email/v1/inbox?tab=emails&connection=" + conn, Node.DEMO_TOKEN,
                null).json().get("items")) {
            if ("Signed contract".equals(item.path("subject").asText())) {
                original = item.get("id").asText();
            }
        }
        assertTrue(original != null, "the delivered message is synced");
        int before = sentRaw(GMAIL).size();

        String body = "{\"from\":{\"type\":\"connection\",\"connectionId\":\"" + conn + "\"},"
                + "\"to\":[\"legal@example.test\"],\"text\":\"For the files.\",\"forwardMessageId\":\""
                + original + "\"}";
        Map<String, String> key = Map.of("Idempotency-Key", "it-forward-" + System.nanoTime());
        Http.Answer first = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN, body, key);
        assertEquals(202, first.status(), first.body());
        Wait.until(java.time.Duration.ofSeconds(60), "the forward submitted",
                () -> sentRaw(GMAIL).size() == before + 1);
        Http.Answer again = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN, body, key);
        assertEquals(first.json().get("id").asText(), again.json().get("id").asText(), again.body());

        Http.Answer both = http.send("POST", "/email/v1/messages", Node.DEMO_TOKEN, body.replace(
                "\"forwardMessageId\"", "\"replyToMessageId\":\"" + original + "\",\"forwardMessageId\""));
        assertEquals(400, both.status(), both.body());
        assertEquals("forwardMessageId", both.json().at("/details/field").asText(), both.body());
        Http.Answer foreign = http.send("POST", "/email/v1/messages", OTHER_TOKEN,
                "{\"from\":{\"type\":\"workspace\"},\"to\":[\"x@example.test\"],\"text\":\"x\","
                        + "\"forwardMessageId\":\"" + original + "\"}");
        assertTrue(foreign.status() == 404 || foreign.status() == 422, foreign.body());

        List<String> sent = sentRaw(GMAIL);
        assertEquals(before + 1, sent.size(), "the provider got the forward once");
        String fwd = sent.get(before);
        assertEquals("Fwd: Signed contract", decoded(header(fwd, "Subject")), fwd);
        assertTrue(header(fwd, "References").contains("<it-fwd-original@example.test>"), fwd);
        assertEquals(null, header(fwd, "In-Reply-To"), fwd);
        assertTrue(fwd.contains("---------- Forwarded message ---------"), fwd);
        assertTrue(fwd.contains("Here it is, signed."), fwd);
        int name = fwd.indexOf("it-contract.pdf", fwd.indexOf("Content-Disposition: attachment"));
        assertTrue(name > 0, fwd);
        int partStart = fwd.lastIndexOf("\r\n--", name);
        int headersEnd = fwd.indexOf("\r\n\r\n", name);
        String partHeaders = fwd.substring(partStart, headersEnd);
        assertTrue(partHeaders.contains("application/pdf") && partHeaders.contains("base64"), partHeaders);
        String content = fwd.substring(headersEnd + 4, fwd.indexOf("\r\n--", headersEnd + 4));
        assertTrue(java.util.Arrays.equals(pdf, java.util.Base64.getMimeDecoder().decode(content)),
                "the attachment's bytes");
    }
}
