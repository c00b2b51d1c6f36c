package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.SandboxServer;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Connections through the real redirect chain (API.md "Connections", issue "Connections"): a user connects two Gmail
 * and two Outlook sandbox accounts, reconnects one, has one revoked at the provider, disconnects one; the database
 * never holds a token in clear; bad input creates nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionsIT {

    private static final String OTHER_TOKEN = "it-other-user-token";
    private static final String[] GMAIL = {"ann.gmail@sandbox.test", "bob.gmail@sandbox.test"};
    private static final String[] OUTLOOK = {"carl.outlook@sandbox.test", "dora.outlook@sandbox.test"};
    private static final String SHARED = "team.shared@sandbox.test";
    private static final String PRIVATE = "private.shared@sandbox.test";

    private final PostgresDatabase db = new PostgresDatabase();
    private final Map<String, String> ids = new HashMap<>();
    private SandboxServer sandbox;
    private Node node;
    private Http http;
    private Http provider;
    private OAuthBrowser oauth;

    @BeforeAll
    void start() throws Exception {
        sandbox = SandboxServer.start(0);
        provider = new Http(sandbox.baseUrl());
        for (String a : GMAIL) {
            createAccount("gmail", a);
        }
        for (String a : OUTLOOK) {
            createAccount("outlook", a);
        }
        assertEquals(2, provider.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"outlook\",\"address\":\""
                + SHARED + "\",\"messages\":3,\"sharedWith\":[\"" + OUTLOOK[1] + "\"]}").status() / 100);
        createAccount("outlook", PRIVATE);
        // short-lived access tokens: every use of a grant goes through a refresh (and Microsoft's rotation)
        assertEquals(200, provider.send("PUT", "/_sandbox/settings", null, "{\"accessTokenLifetimeSeconds\":30}")
                .status());
        Map<String, String> env = new HashMap<>(db.env());
        env.put("WORKESTRA_SANDBOX_URL", sandbox.baseUrl());
        env.put("WORKESTRA_DEVHOST_USERS", "other|other@workestra.test|Other User|" + OTHER_TOKEN);
        node = Node.start("connections-" + Long.toHexString(System.nanoTime()), env);
        http = node.http();
        oauth = new OAuthBrowser(http, sandbox.baseUrl());
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

    private void createAccount(String kind, String address) {
        Http.Answer a = provider.send("POST", "/_sandbox/accounts", null,
                "{\"provider\":\"" + kind + "\",\"address\":\"" + address + "\",\"messages\":5}");
        assertEquals(true, a.status() == 200 || a.status() == 201, a.body());
    }

    private Http.Answer connect(String providerId, String loginHint, String extra) throws Exception {
        return oauth.connect(providerId, loginHint, extra);
    }

    @Test
    @Order(1)
    void oneUserConnectsTwoGmailAndTwoOutlookAccounts() throws Exception {
        for (String a : GMAIL) {
            Http.Answer r = connect("gmail", a, null);
            assertEquals(200, r.status(), r.body());
            assertEquals(a, r.json().at("/connection/address").asText());
            assertFalse(r.json().get("reconnected").asBoolean());
            // fresh from the callback: the first sync has not run yet
            assertEquals("never_synced", r.json().at("/connection/health/badge").asText(), r.body());
            ids.put(a, r.json().at("/connection/id").asText());
        }
        for (String a : OUTLOOK) {
            // the second Outlook account will reach a shared mailbox: it asks for the .Shared scopes too
            Http.Answer r = connect("outlook", a, a.equals(OUTLOOK[1]) ? "\"sharedMailboxes\":true" : null);
            assertEquals(200, r.status(), r.body());
            assertEquals(a, r.json().at("/connection/address").asText());
            ids.put(a, r.json().at("/connection/id").asText());
        }
        JsonNode all = http.send("GET", "/email/v1/connections", Node.DEMO_TOKEN, null).json();
        assertEquals(4, all.size(), all.toString());
        for (JsonNode c : all) {
            // the scheduler may have completed a first sync meanwhile: never_synced exactly until then
            String badge = c.at("/health/badge").asText();
            assertTrue(badge.equals("never_synced") || badge.equals("healthy"), c.toString());
            assertEquals(badge.equals("never_synced"), c.at("/health/lastSuccessfulSyncAt").isMissingNode()
                    || c.at("/health/lastSuccessfulSyncAt").isNull(), c.toString());
            assertEquals("personal", c.get("kind").asText());
            assertTrue(c.has("connectedAt"));
        }
        assertEquals(2, http.send("GET", "/email/v1/connections?provider=outlook", Node.DEMO_TOKEN, null).json()
                .size());
        // other users see nothing of it
        assertEquals(0, http.send("GET", "/email/v1/connections", OTHER_TOKEN, null).json().size());
        DistributionContract.assertError(http.send("GET", "/email/v1/connections/" + ids.get(GMAIL[0]), OTHER_TOKEN,
                null), 404, "not_found");
    }

    @Test
    @Order(2)
    void outlookConnectionsGetAGraphSubscriptionWhoseNotificationsArePersistedAsHints() throws Exception {
        JsonNode subs = provider.send("GET", "/_sandbox/subscriptions", null, null).json();
        assertEquals(2, subs.size(), subs.toString());
        for (JsonNode sub : subs) {
            assertTrue(sub.get("notificationUrl").asText().endsWith("/email/v1/webhooks/graph"), sub.toString());
            assertTrue(sub.get("lifecycleNotificationUrl").asText().endsWith("/email/v1/webhooks/graph/lifecycle"));
        }
        Http.Answer echo = http.send("POST", "/email/v1/webhooks/graph?validationToken=abc%20123", null, null);
        assertEquals(200, echo.status());
        assertEquals("abc 123", echo.body());
        assertTrue(echo.contentType().startsWith("text/plain"), echo.contentType());
        Http.Answer forged = http.send("POST", "/email/v1/webhooks/graph", null, "{\"value\":[{\"subscriptionId\":\""
                + subs.get(0).get("id").asText() + "\",\"clientState\":\"guess\",\"changeType\":\"created\"}]}");
        assertEquals(202, forged.status(), forged.body());
        assertEquals(0, forged.json().get("accepted").asInt());
        DistributionContract.assertError(http.send("POST", "/email/v1/webhooks/graph", null, "{oops"), 400,
                "bad_request");

        assertEquals(200, provider.send("POST", "/_sandbox/accounts/" + OUTLOOK[0] + "/messages", null,
                "{\"from\":\"someone@example.test\",\"to\":[\"" + OUTLOOK[0] + "\"],\"subject\":\"Hello\",\"text\":\"Hi\"}")
                .status() / 100 * 100);
        Wait.until(java.time.Duration.ofSeconds(30), "a persisted hint", () -> hints(ids.get(OUTLOOK[0])) > 0);
        assertEquals(0, hints(ids.get(OUTLOOK[1])));

        // lifecycle: a subscription the provider removed is recreated, one that needs reauthorization is renewed
        JsonNode first = subscriptionOf(OUTLOOK[0]);
        assertEquals(2, provider.send("POST", "/_sandbox/subscriptions/" + first.get("id").asText() + "/lifecycle",
                null, "{\"event\":\"subscriptionRemoved\"}").status() / 100);
        Wait.until(java.time.Duration.ofSeconds(30), "a new subscription after subscriptionRemoved", () -> {
            JsonNode now = subscriptionOf(OUTLOOK[0]);
            return now != null && !now.get("id").asText().equals(first.get("id").asText());
        });
        JsonNode second = subscriptionOf(OUTLOOK[0]);
        assertEquals(2, provider.send("POST", "/_sandbox/subscriptions/" + second.get("id").asText() + "/lifecycle",
                null, "{\"event\":\"reauthorizationRequired\"}").status() / 100);
        Wait.until(java.time.Duration.ofSeconds(30), "the subscription renewed", () -> {
            JsonNode now = subscriptionOf(OUTLOOK[0]);
            return now != null && now.get("id").asText().equals(second.get("id").asText())
                    && java.time.Instant.parse(now.get("expirationDateTime").asText())
                            .isAfter(java.time.Instant.parse(second.get("expirationDateTime").asText()));
        });
        assertEquals(2, provider.send("GET", "/_sandbox/subscriptions", null, null).json().size());
    }

    private JsonNode subscriptionOf(String mailbox) {
        for (JsonNode sub : provider.send("GET", "/_sandbox/subscriptions", null, null).json()) {
            if (mailbox.equals(sub.get("mailbox").asText())) {
                return sub;
            }
        }
        return null;
    }

    private long hints(String connectionId) {
        try (Connection c = db.connect(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM email_push_hint WHERE connection_id = ?")) {
            ps.setString(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    void aSharedMailboxIsAddedThroughItsDelegateOnly() {
        String delegate = ids.get(OUTLOOK[1]);
        Http.Answer added = http.send("POST", "/email/v1/connections/" + delegate + "/shared-mailboxes",
                Node.DEMO_TOKEN, "{\"address\":\"" + SHARED + "\"}");
        assertEquals(201, added.status(), added.body());
        assertEquals("shared", added.json().get("kind").asText());
        assertEquals(delegate, added.json().get("delegatedBy").asText());
        ids.put(SHARED, added.json().get("id").asText());
        Http.Answer sync = http.send("POST", "/email/v1/connections/" + ids.get(SHARED) + "/sync", Node.DEMO_TOKEN,
                null);
        assertEquals("ok", sync.json().get("status").asText(), sync.body());
        String withShared = http.send("POST", "/email/v1/connections/outlook/authorize", Node.DEMO_TOKEN,
                "{\"sharedMailboxes\":true}").json().get("authorizationUrl").asText();
        String without = http.send("POST", "/email/v1/connections/outlook/authorize", Node.DEMO_TOKEN, "{}").json()
                .get("authorizationUrl").asText();
        assertTrue(withShared.contains("Mail.ReadWrite.Shared") && withShared.contains("Mail.Send.Shared"), withShared);
        assertFalse(without.contains(".Shared"), "least scopes by default: " + without);
        Http.Answer refused = http.send("POST", "/email/v1/connections/" + delegate + "/shared-mailboxes",
                Node.DEMO_TOKEN, "{\"address\":\"" + PRIVATE + "\"}");
        DistributionContract.assertError(refused, 422, "permission_denied");
        DistributionContract.assertError(http.send("POST", "/email/v1/connections/" + ids.get(GMAIL[0])
                + "/shared-mailboxes", Node.DEMO_TOKEN, "{\"address\":\"" + SHARED + "\"}"), 422, "not_supported");
        Http.Answer bad = http.send("POST", "/email/v1/connections/" + delegate + "/shared-mailboxes",
                Node.DEMO_TOKEN, "{\"address\":\"not an address\"}");
        DistributionContract.assertError(bad, 400, "bad_request");
        assertEquals(5, http.send("GET", "/email/v1/connections", Node.DEMO_TOKEN, null).json().size());
    }

    @Test
    @Order(4)
    void syncNowOnAHealthyConnectionIsOk() {
        Http.Answer r = http.send("POST", "/email/v1/connections/" + ids.get(OUTLOOK[0]) + "/sync",
                Node.DEMO_TOKEN, null);
        assertEquals(200, r.status(), r.body());
        assertEquals("ok", r.json().get("status").asText(), r.body());
        assertEquals("healthy", r.json().at("/health/badge").asText(), r.body());
    }

    @Test
    @Order(5)
    void theSameIdentityReconnectsToTheSameConnection() throws Exception {
        Http.Answer r = connect("gmail", GMAIL[0], "\"addAnother\":true");
        assertEquals(200, r.status(), r.body());
        assertEquals(ids.get(GMAIL[0]), r.json().at("/connection/id").asText());
        assertTrue(r.json().get("reconnected").asBoolean());
        assertEquals(5, http.send("GET", "/email/v1/connections", Node.DEMO_TOKEN, null).json().size());
    }

    @Test
    @Order(6)
    void aGrantRevokedAtTheProviderShowsTokenExpiredAfterSyncNow() {
        assertEquals(200, provider.send("POST", "/_sandbox/tokens/revoke", null,
                "{\"address\":\"" + GMAIL[1] + "\"}").status());
        Http.Answer r = http.send("POST", "/email/v1/connections/" + ids.get(GMAIL[1]) + "/sync", Node.DEMO_TOKEN,
                null);
        assertEquals(200, r.status(), r.body());
        assertEquals("error", r.json().get("status").asText(), r.body());
        assertEquals("error", r.json().at("/health/badge").asText());
        assertEquals("token_expired", r.json().at("/health/code").asText());
        assertTrue(r.json().at("/health/message").asText().contains("Reconnect"), r.body());
        JsonNode c = http.send("GET", "/email/v1/connections/" + ids.get(GMAIL[1]), Node.DEMO_TOKEN, null).json();
        assertEquals("error", c.at("/health/badge").asText());
        assertTrue(node.shell("email:connections").contains("token_expired"));
    }

    @Test
    @Order(7)
    void disconnectKeepsTheConnectionForALaterReconnect() throws Exception {
        String id = ids.get(OUTLOOK[1]);
        assertEquals(204, http.send("DELETE", "/email/v1/connections/" + id, Node.DEMO_TOKEN, null).status());
        assertEquals(404, http.send("GET", "/email/v1/connections/" + id, Node.DEMO_TOKEN, null).status());
        assertEquals(404, http.send("GET", "/email/v1/connections/" + ids.get(SHARED), Node.DEMO_TOKEN, null)
                .status(), "the shared mailbox delegated through it is disconnected too");
        assertEquals(3, http.send("GET", "/email/v1/connections", Node.DEMO_TOKEN, null).json().size());
        assertEquals(404, http.send("DELETE", "/email/v1/connections/" + id, Node.DEMO_TOKEN, null).status());
        JsonNode subs = provider.send("GET", "/_sandbox/subscriptions", null, null).json();
        assertEquals(1, subs.size(), subs.toString());
        assertEquals(OUTLOOK[0], subs.get(0).get("mailbox").asText());
        Http.Answer again = connect("outlook", OUTLOOK[1], "\"sharedMailboxes\":true");
        assertEquals(id, again.json().at("/connection/id").asText(), again.body());
        assertTrue(again.json().get("reconnected").asBoolean());
        assertEquals(2, provider.send("GET", "/_sandbox/subscriptions", null, null).json().size());
    }

    @Test
    @Order(8)
    void badInputIsRefusedAndCreatesNothing() throws Exception {
        Http.Answer unknown = http.send("POST", "/email/v1/connections/yahoo/authorize", Node.DEMO_TOKEN, "{}");
        DistributionContract.assertError(unknown, 400, "bad_request");
        assertEquals("provider", unknown.json().at("/details/field").asText());
        Http.Answer open = http.send("POST", "/email/v1/connections/gmail/authorize", Node.DEMO_TOKEN,
                "{\"redirectAfter\":\"https://evil.example/steal\"}");
        DistributionContract.assertError(open, 400, "bad_request");
        assertEquals("redirectAfter", open.json().at("/details/field").asText());
        // what the callback could not turn into a redirect is refused here, never a 500 at the callback
        for (String bad : List.of("/settings/a|b", "/settings/%zz", "/settings/a b", "/s\\u00e9ttings")) {
            Http.Answer refused = http.send("POST", "/email/v1/connections/gmail/authorize", Node.DEMO_TOKEN,
                    "{\"redirectAfter\":\"" + bad + "\"}");
            DistributionContract.assertError(refused, 400, "bad_request");
            assertEquals("redirectAfter", refused.json().at("/details/field").asText(), bad);
        }

        DistributionContract.assertError(callback("gmail", "code=x&state=forged"), 400, "invalid_state");
        DistributionContract.assertError(callback("gmail", ""), 400, "invalid_state");

        String state = startState("gmail", null);
        DistributionContract.assertError(callback("gmail", "state=" + state), 400, "bad_request");
        DistributionContract.assertError(callback("gmail", "state=" + state + "&code=abc"), 400, "invalid_state");

        String denied = startState("outlook", null);
        DistributionContract.assertError(callback("outlook", "state=" + denied
                + "&error=access_denied&error_description=The+user+declined"), 422, "permission_denied");
        String consent = startState("outlook", null);
        DistributionContract.assertError(callback("outlook", "state=" + consent
                + "&error=invalid_client&error_description=AADSTS65001%3A+consent+required"), 422,
                "admin_consent_required");
        String wrongProvider = startState("gmail", null);
        DistributionContract.assertError(callback("outlook", "state=" + wrongProvider + "&code=abc"), 400,
                "invalid_state");
        assertEquals(4, http.send("GET", "/email/v1/connections", Node.DEMO_TOKEN, null).json().size());

        // a browser flow with redirectAfter is sent back to the app with the error code
        String browserState = startState("gmail", "/settings/integrations");
        HttpResponse<String> r = oauth.get(base() + "/email/v1/oauth/gmail/callback?state=" + browserState
                + "&error=access_denied");
        assertEquals(303, r.statusCode());
        assertEquals("/settings/integrations?error=permission_denied",
                URLDecoder.decode(r.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8)
                        .replaceFirst("^https?://[^/]+", ""));
    }

    @Test
    @Order(8)
    void aFlowCompletesOnlyInTheBrowserThatStartedIt() throws Exception {
        String colleague = "colleague.gmail@sandbox.test";
        createAccount("gmail", colleague);
        int before = http.send("GET", "/email/v1/connections", Node.DEMO_TOKEN, null).json().size();
        Http.Answer start = oauth.authorize(Node.DEMO_TOKEN, "gmail", "{\"loginHint\":\"" + colleague + "\"}");
        assertEquals(200, start.status(), start.body());
        String cookie = oauth.setCookieHeaders().get(oauth.setCookieHeaders().size() - 1);
        assertTrue(cookie.startsWith("workestra_oauth_"), cookie);
        String browserKey = cookie.replaceFirst(";.*", "").replaceFirst("^[^=]+=", "");
        assertTrue(browserKey.length() >= 40, cookie);
        assertFalse(start.body().contains(browserKey), "the browser key is never in the JSON a script reads");
        for (String attribute : List.of("HttpOnly", "SameSite=Lax", "Path=/email/v1/oauth/")) {
            assertTrue(cookie.toLowerCase(Locale.ROOT).contains(attribute.toLowerCase(Locale.ROOT)),
                    attribute + " in " + cookie);
        }
        // the user sends the link to a colleague, whose browser consents and comes back without the cookie
        OAuthBrowser colleagueBrowser = new OAuthBrowser(http, sandbox.baseUrl());
        String url = start.json().get("authorizationUrl").asText();
        DistributionContract.assertError(colleagueBrowser.finish(url, "gmail", colleague), 400, "browser_mismatch");
        JsonNode after = http.send("GET", "/email/v1/connections", Node.DEMO_TOKEN, null).json();
        assertEquals(before, after.size(), after.toString());
        after.forEach(c -> assertFalse(c.get("address").asText().equals(colleague), c.toString()));
        // the refused flow is spent: not even the starting browser can complete it afterwards
        DistributionContract.assertError(callback("gmail", "state=" + start.json().get("state").asText()
                + "&code=abc"), 400, "invalid_state");
        // and a flow of the right browser still completes
        Http.Answer own = oauth.connect("gmail", colleague, null);
        assertEquals(200, own.status(), own.body());
        assertEquals(204, http.send("DELETE", "/email/v1/connections/" + own.json().at("/connection/id").asText(),
                Node.DEMO_TOKEN, null).status());
    }

    @Test
    @Order(9)
    void theDatabaseNeverHoldsATokenInClear() throws Exception {
        List<String> issued = new ArrayList<>();
        for (String a : List.of(GMAIL[0], GMAIL[1], OUTLOOK[0], OUTLOOK[1])) {
            JsonNode t = provider.send("GET", "/_sandbox/tokens/" + a, null, null).json();
            t.get("accessTokens").forEach(x -> issued.add(x.asText()));
            t.get("refreshTokens").forEach(x -> issued.add(x.asText()));
        }
        assertTrue(issued.size() >= 8, issued.toString());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            StringBuilder everything = new StringBuilder();
            for (String table : List.of("email_connection", "email_connection_token", "email_oauth_state")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= cols; i++) {
                            everything.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
            String dump = everything.toString();
            assertTrue(dump.contains("v1.k1."), "tokens are sealed with the vault");
            for (String token : issued) {
                assertFalse(dump.contains(token), "a token in clear in the database");
            }
        }
        String log = java.nio.file.Files.readString(node.dir().resolve("data/log/karaf.log"));
        for (String token : issued) {
            assertFalse(log.contains(token), "a token in the log");
        }
        assertNotEquals(0, log.length());
    }

    @Test
    @Order(10)
    void expiredTokensAreRefreshedAndMicrosoftRotationIsKept() {
        String id = ids.get(OUTLOOK[0]);
        for (int i = 0; i < 3; i++) {
            Http.Answer r = http.send("POST", "/email/v1/connections/" + id + "/sync", Node.DEMO_TOKEN, null);
            assertEquals("ok", r.json().get("status").asText(), "round " + i + ": " + r.body());
        }
        // each round refreshed with the refresh token rotated by the previous one; a lost rotation would fail
        JsonNode issued = provider.send("GET", "/_sandbox/tokens/" + OUTLOOK[0], null, null).json();
        assertTrue(issued.get("refreshTokens").size() >= 4, issued.toString());
    }

    private String base() {
        return http.base();
    }

    private String startState(String providerId, String redirectAfter) throws Exception {
        Http.Answer a = oauth.authorize(Node.DEMO_TOKEN, providerId,
                redirectAfter == null ? "{}" : "{\"redirectAfter\":\"" + redirectAfter + "\"}");
        assertEquals(200, a.status(), a.body());
        return a.json().get("state").asText();
    }

    /** The callback in the browser that started the flows (it holds their cookies). */
    private Http.Answer callback(String providerId, String query) throws Exception {
        return oauth.callback(providerId, query);
    }

    @Test
    @Order(11)
    void disconnectingGmailRevokesTheWholeGrantAtGoogle() throws Exception {
        String address = "eve.gmail@sandbox.test";
        createAccount("gmail", address);
        String id = connect("gmail", address, null).json().at("/connection/id").asText();
        // a reconnect is a second consent: Google keeps one grant per client and account, revoked as a whole
        assertEquals(id, connect("gmail", address, null).json().at("/connection/id").asText());
        JsonNode issued = provider.send("GET", "/_sandbox/tokens/" + address, null, null).json().get("accessTokens");
        assertTrue(issued.size() >= 2, issued.toString());
        assertEquals(204, http.send("DELETE", "/email/v1/connections/" + id, Node.DEMO_TOKEN, null).status());
        for (JsonNode token : issued) {
            assertEquals(401, provider.status("GET", "/google/gmail/v1/users/me/profile", token.asText(), null),
                    "every access token of the grant is refused after disconnect");
        }
    }
}
