package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Workspace email on the running distribution (API.md "Sending" workspace sender and domains, "Provider-facing
 * endpoints"): the admin demo user sets the sender (the key is write-only and sealed), registers the Resend webhook
 * and a domain; Svix-signed webhooks from the sandbox are verified and recorded once; a forged one is refused; the
 * open pixel is always a GIF and counts once per minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkspaceMailIT {

    private static final String MEMBER_TOKEN = "it-member-token";
    private static final String API_KEY = "re_it_workspace_key_0123456789";

    private final PostgresDatabase db = new PostgresDatabase();
    private final HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SandboxServer sandbox;
    private Node node;
    private Http http;
    private Http provider;

    @BeforeAll
    void start() throws Exception {
        sandbox = SandboxServer.start(0);
        provider = new Http(sandbox.baseUrl());
        // Resend's 2 req/s per key is covered by the bundle's sandbox tests; here it would only slow the flow
        assertEquals(200, provider.send("PUT", "/_sandbox/settings", null, "{\"quotas\":false}").status());
        assertEquals(200, provider.send("PUT", "/_sandbox/resend/settings", null, "{\"autoEvents\":false}")
                .status());
        Map<String, String> env = new HashMap<>(db.env());
        env.put("WORKESTRA_SANDBOX_URL", sandbox.baseUrl());
        env.put("WORKESTRA_DEVHOST_USERS", "member|member@workestra.test|Member User|" + MEMBER_TOKEN);
        node = Node.start("workspace-" + Long.toHexString(System.nanoTime()), env);
        http = node.http();
        // the workspace-mail bundle starts after inbox-api: wait until its resources are on the whiteboard
        Wait.until(Duration.ofSeconds(90), "workspace-mail resources", () ->
                http.status("GET", "/email/v1/workspace/sender", Node.DEMO_TOKEN, null) == 200
                        && http.status("POST", "/email/v1/webhooks/resend", null, "{}") == 401
                        && http.status("GET", "/email/v1/t/o/x.gif", null, null) == 200);
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
    void theAdminSetsTheSenderAndTheKeyIsNeverShownOrStoredInClear() throws Exception {
        DistributionContract.assertError(http.send("GET", "/email/v1/workspace/sender", null, null), 401,
                "unauthorized");
        DistributionContract.assertError(http.send("GET", "/email/v1/workspace/sender", MEMBER_TOKEN, null), 403,
                "admin_required");
        DistributionContract.assertError(http.send("PUT", "/email/v1/workspace/sender", MEMBER_TOKEN,
                "{\"fromName\":\"x\"}"), 403, "admin_required");
        Http.Answer empty = http.send("GET", "/email/v1/workspace/sender", Node.DEMO_TOKEN, null);
        assertEquals(200, empty.status(), empty.body());
        assertFalse(empty.json().get("apiKeySet").asBoolean());

        Http.Answer bad = http.send("PUT", "/email/v1/workspace/sender", Node.DEMO_TOKEN,
                "{\"fromAddress\":\"not an address\"}");
        DistributionContract.assertError(bad, 400, "bad_request");
        assertEquals("fromAddress", bad.json().at("/details/field").asText());
        DistributionContract.assertError(http.send("PUT", "/email/v1/workspace/sender", Node.DEMO_TOKEN, "{oops"),
                400, "bad_request");

        Http.Answer put = http.send("PUT", "/email/v1/workspace/sender", Node.DEMO_TOKEN,
                "{\"fromAddress\":\"hello@demo.workestra.test\",\"fromName\":\"Demo Workspace\","
                        + "\"rateLimitPerSecond\":5,\"apiKey\":\"" + API_KEY + "\",\"registerWebhook\":true}");
        assertEquals(200, put.status(), put.body());
        assertTrue(put.json().get("apiKeySet").asBoolean());
        assertTrue(put.json().get("webhookSigningSecretSet").asBoolean());
        assertFalse(put.body().contains(API_KEY));
        Http.Answer get = http.send("GET", "/email/v1/workspace/sender", Node.DEMO_TOKEN, null);
        assertEquals("hello@demo.workestra.test", get.json().get("fromAddress").asText());
        assertEquals(5, get.json().get("rateLimitPerSecond").asInt());
        assertFalse(get.body().contains(API_KEY), get.body());

        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT api_key_sealed, webhook_secret_sealed FROM"
                        + " email_workspace_sender")) {
            assertTrue(rs.next());
            assertFalse(rs.getString(1).contains(API_KEY), "sealed at rest");
            assertFalse(rs.getString(2).contains("whsec_"), "sealed at rest");
        }
        // the webhook was registered at Resend, pointing at this node with the workspace named
        JsonNode hooks = provider.send("GET", "/_sandbox/resend/webhooks", null, null).json();
        assertEquals(1, hooks.at("/data").size(), hooks.toString());
        assertTrue(hooks.at("/data/0/endpoint").asText().startsWith(http.base()
                + "/email/v1/webhooks/resend?workspace=demo"), hooks.toString());
    }

    @Test
    @Order(2)
    void domainsAreVerifiedThroughResend() {
        Http.Answer created = http.send("POST", "/email/v1/workspace/domains", Node.DEMO_TOKEN,
                "{\"name\":\"mail.demo-workestra.test\"}");
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("id").asText();
        assertEquals(3, created.json().get("records").size(), created.body());
        assertEquals("not_started", created.json().get("status").asText());
        Http.Answer verified = http.send("POST", "/email/v1/workspace/domains/" + id + "/verify", Node.DEMO_TOKEN,
                null);
        assertEquals(200, verified.status(), verified.body());
        assertEquals("verified", verified.json().get("status").asText());
        assertEquals("verified", http.send("GET", "/email/v1/workspace/domains/" + id, Node.DEMO_TOKEN, null).json()
                .get("status").asText());
        DistributionContract.assertError(http.send("GET", "/email/v1/workspace/domains/nope", Node.DEMO_TOKEN,
                null), 404, "not_found");
        DistributionContract.assertError(http.send("GET", "/email/v1/workspace/domains/" + id, MEMBER_TOKEN,
                null), 403, "admin_required");
        Http.Answer badName = http.send("POST", "/email/v1/workspace/domains", Node.DEMO_TOKEN,
                "{\"name\":\"not a domain\"}");
        DistributionContract.assertError(badName, 400, "bad_request");
        assertEquals("name", badName.json().at("/details/field").asText());
    }

    @Test
    @Order(3)
    void signedWebhooksAreRecordedOnceAndForgedOnesRefused() throws Exception {
        // an email sent through the sandbox's Resend API with the workspace's key
        Http.Answer sent = send("POST", sandbox.baseUrl() + "/resend/emails", Map.of("Authorization",
                "Bearer " + API_KEY, "Content-Type", "application/json"),
                "{\"from\":\"hello@demo.workestra.test\",\"to\":\"bounced@resend.dev\",\"subject\":\"Hi\","
                        + "\"text\":\"Hello\"}");
        assertEquals(200, sent.status(), sent.body());
        String emailId = sent.json().get("id").asText();

        JsonNode bounced = provider.send("POST", "/_sandbox/resend/events", null,
                "{\"emailId\":\"" + emailId + "\",\"type\":\"email.bounced\"}").json();
        assertEquals(200, bounced.at("/deliveries/0/status").asInt(), "our endpoint verified the signature: "
                + bounced);
        Wait.until(Duration.ofSeconds(10), "bounce recorded", () -> "email.bounced".equals(lastEvent(emailId)));

        // a delivery signed with the workspace's secret, twice with one svix-id: recorded once
        String hookId = provider.send("GET", "/_sandbox/resend/webhooks", null, null).json().at("/data/0/id")
                .asText();
        String secret = send("GET", sandbox.baseUrl() + "/resend/webhooks/" + hookId, Map.of("Authorization",
                "Bearer " + API_KEY), null).json().get("signing_secret").asText();
        String body = "{\"type\":\"email.complained\",\"created_at\":\"" + Instant.now() + "\",\"data\":{"
                + "\"email_id\":\"" + emailId + "\",\"to\":[\"bounced@resend.dev\"],\"subject\":\"Hi\"}}";
        String svixId = "msg_it_" + Long.toHexString(System.nanoTime());
        long ts = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of("svix-id", svixId, "svix-timestamp", String.valueOf(ts),
                "svix-signature", "v1," + sign(secret, svixId + "." + ts + "." + body), "Content-Type",
                "application/json");
        String url = http.base() + "/email/v1/webhooks/resend?workspace=demo";
        Http.Answer first = send("POST", url, headers, body);
        assertEquals(200, first.status(), first.body());
        assertFalse(first.json().get("duplicate").asBoolean());
        Http.Answer again = send("POST", url, headers, body);
        assertEquals(200, again.status(), again.body());
        assertTrue(again.json().get("duplicate").asBoolean());
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM email_delivery_event WHERE svix_id = ?")) {
            s.setString(1, svixId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }

        // forged: wrong signature, tampered body, stale timestamp
        Map<String, String> forged = new HashMap<>(headers);
        forged.put("svix-id", "msg_forged");
        forged.put("svix-signature", "v1," + Base64.getEncoder().encodeToString(new byte[32]));
        DistributionContract.assertError(send("POST", url, forged, body), 401, "invalid_signature");
        DistributionContract.assertError(send("POST", url, headers, body.replace("complained", "delivered")), 401,
                "invalid_signature");
        long old = ts - 600;
        Map<String, String> stale = new HashMap<>(headers);
        stale.put("svix-id", "msg_stale");
        stale.put("svix-timestamp", String.valueOf(old));
        stale.put("svix-signature", "v1," + sign(secret, "msg_stale." + old + "." + body));
        DistributionContract.assertError(send("POST", url, stale, body), 401, "invalid_signature");
        assertEquals("email.complained", lastEvent(emailId));
    }

    @Test
    @Order(4)
    void thePixelIsAlwaysAGifAndCountsOncePerMinute() throws Exception {
        String token = newPixel("m-it-1", "reader@example.test", "someone-else");
        String senderToken = newPixel("m-it-2", "reader@example.test", "demo");
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> gif = pixel(token, null);
            assertEquals(200, gif.statusCode());
            assertEquals("image/gif", gif.headers().firstValue("Content-Type").orElse(""));
            assertTrue(gif.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
            assertArrayEquals("GIF89a".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(gif.body(), 6));
        }
        assertEquals(1, opens("m-it-1"), "three views within a minute count once");

        HttpResponse<byte[]> unknown = pixel("A".repeat(43), null);
        assertEquals(200, unknown.statusCode(), "an unknown token still gets the image");
        assertEquals("image/gif", unknown.headers().firstValue("Content-Type").orElse(""));
        assertEquals(200, pixel("not-even-a-token", null).statusCode());

        assertEquals(200, pixel(senderToken, Node.DEMO_TOKEN).statusCode());
        assertEquals(0, opens("m-it-2"), "the sender's own signed-in view is not an open");
        assertEquals(200, pixel(senderToken, MEMBER_TOKEN).statusCode());
        assertEquals(1, opens("m-it-2"), "another signed-in user's view is");
    }

    // ----- helpers -----

    /** Registers a pixel the way OpenTracking does (random token, only its SHA-256 stored) and returns the token. */
    private String newPixel(String messageId, String recipient, String senderUserId) throws Exception {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("INSERT INTO"
                + " email_tracking_pixel (token_hash, message_id, recipient, sender_user_id, created_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, hash);
            s.setString(2, messageId);
            s.setString(3, recipient);
            s.setString(4, senderUserId);
            s.setTimestamp(5, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
        return token;
    }

    private int opens(String messageId) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM email_open WHERE message_id = ?")) {
            s.setString(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private String lastEvent(String emailId) {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT last_event FROM email_delivery_status WHERE provider_email_id = ?")) {
            s.setString(1, emailId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> pixel(String token, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + "/email/v1/t/o/" + token + ".gif"))
                .timeout(Duration.ofSeconds(10)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return raw.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private Http.Answer send(String method, String url, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r = raw.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Http.Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    /** The Svix v1 signature a sender computes (test side only: the product verifies with the Resend SDK). */
    private static String sign(String secret, String content) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
