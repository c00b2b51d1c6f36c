package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The product's face in a real browser (issue 14, shared/UI.md): headless Chromium signs in on the dev host shell and
 * does what a person does, by visible text and accessible names only, against the assembled distribution and the
 * provider sandbox. Every page visited passes axe-core without serious or critical violations; the screenshots of
 * the README are taken here.
 *
 * <p>{@code -Dworkestra.ui.base=http://127.0.0.1:8181 -Dworkestra.ui.sandbox=http://127.0.0.1:8089
 * -Dworkestra.ui.token=...} runs the same steps against a node started by hand (./run.sh), for working on the UI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {

    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private static final String GMAIL = "gina." + RUN + "@sandbox.test";
    private static final String OUTLOOK = "olga." + RUN + "@sandbox.test";
    private static final String OUTLOOK2 = "otto." + RUN + "@sandbox.test";
    private static final String CANDIDATE = "cara." + RUN + "@candidates.test";
    private static final String CONTACT = "carl." + RUN + "@customers.test";
    private static final String APPLICATION = "Application for the designer role " + RUN;
    private static final String MATE = "mate." + RUN + "@sandbox.test";
    private static final String MATE_TOKEN = "it-mate-token-" + RUN;

    private PostgresDatabase db;
    private SandboxServer sandbox;
    private Node node;
    private Http http;
    private Http provider;
    private String token;
    private Browser b;
    private String contactId;

    @BeforeAll
    void start() throws Exception {
        String externalBase = System.getProperty("workestra.ui.base");
        if (externalBase != null) {
            http = new Http(externalBase);
            provider = new Http(System.getProperty("workestra.ui.sandbox"));
            token = System.getProperty("workestra.ui.token", "workestra-demo-token");
        } else {
            db = new PostgresDatabase();
            sandbox = SandboxServer.start(0);
            provider = new Http(sandbox.baseUrl());
            Map<String, String> env = new HashMap<>(db.env());
            env.put("WORKESTRA_SANDBOX_URL", sandbox.baseUrl());
            env.put("WORKESTRA_DEVHOST_USERS", "mate|mate@workestra.test|Mate Teammate|" + MATE_TOKEN);
            node = Node.start("web-ui-" + RUN, env);
            http = node.http();
            token = Node.DEMO_TOKEN;
        }
        account("gmail", GMAIL, "Gina Gmail", 60, 200);
        account("outlook", OUTLOOK, "Olga Outlook", 120, 60);
        account("outlook", OUTLOOK2, "Otto Outlook", 5, 30);
        b = new Browser(http.base());
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
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

    private void account(String kind, String address, String name, int messages, int spanDays) {
        Http.Answer a = provider.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"" + kind + "\",\"address\":\""
                + address + "\",\"displayName\":\"" + name + "\",\"messages\":" + messages + ",\"spanDays\":"
                + spanDays + ",\"seed\":14}");
        assertEquals(2, a.status() / 100, a.body());
    }

    private int sentCount(String address) {
        return provider.send("GET", "/_sandbox/accounts/" + address + "/sent", null, null).json().size();
    }

    @Test
    @Order(1)
    void signsInAsTheDemoUserIntoAnHttpOnlySessionCookie() {
        b.open("/");
        b.await("the sign-in page", d -> d.getCurrentUrl().endsWith("/devhost/ui/sign-in") ? true : null);
        b.assertAccessible("sign-in");
        b.screenshot("sign-in");
        b.click("Sign in as Demo User");
        b.assertTitle("Inbox");
        Cookie session = b.driver().manage().getCookieNamed("workestra_session");
        assertNotNull(session);
        assertTrue(session.isHttpOnly());
        assertEquals("Lax", session.getSameSite());
        // nothing of the session is reachable by scripts or kept in Web Storage, and no token is in the address
        assertFalse(String.valueOf(b.script("return document.cookie")).contains("workestra_session"));
        assertEquals(0L, b.script("return localStorage.length + sessionStorage.length"));
        assertFalse(b.url().contains("token"));
        // the cookie alone cannot change anything from another site: no custom header or a foreign Origin is refused
        Map<String, String> cookie = Map.of("Cookie", "workestra_session=" + session.getValue());
        String authorize = "/email/v1/connections/gmail/authorize";
        DistributionContract.assertError(http.send("POST", authorize, null, "{}", cookie), 403, "forbidden");
        Map<String, String> foreign = new HashMap<>(cookie);
        foreign.put("X-Workestra-CSRF", "1");
        foreign.put("Origin", "http://evil.test");
        DistributionContract.assertError(http.send("POST", authorize, null, "{}", foreign), 403, "forbidden");
        foreign.remove("Origin");
        assertEquals(200, http.send("POST", authorize, null, "{}", foreign).status());
        assertEquals(200, http.send("GET", "/email/v1/me", null, null, cookie).status());
        b.await("the Inbox loaded", d -> b.shows("Nothing here yet.") || b.shows(" message") ? true : null);
        b.assertAccessible("inbox");
    }

    @Test
    @Order(2)
    void connectsGmailThroughTheConsentPageAndPullsNinetyDaysWithALiveProgressBar() {
        b.open("/devhost/ui/settings/integrations/gmail");
        b.assertTitle("Gmail accounts");
        b.assertAccessible("Gmail accounts (none)");
        b.click("Connect Gmail");
        // the provider's account picker (sandbox), then back on the page we started from
        b.clickContaining(GMAIL);
        b.sees("Connected " + GMAIL + ".");
        assertTrue(b.url().endsWith("/devhost/ui/settings/integrations/gmail"), b.url());
        b.sees("How far back should we pull mail for " + GMAIL + "?");
        // each range with the provider's count and a time estimate
        for (String range : new String[] {"30 days", "90 days", "12 months", "Everything"}) {
            b.await(range + " with its estimate", d -> d.findElements(By.xpath("//label[starts-with(normalize-space(.), '"
                    + range + " · ') and contains(., ' messages, about ')]")).isEmpty() ? null : true);
        }
        b.assertAccessible("range question");
        b.screenshot("range-question");
        b.choose("90 days");
        b.click("Start");
        WebElement bar = b.role("progressbar", "Backfill of " + GMAIL);
        b.await("the bar at 100 %", Duration.ofSeconds(120), d -> "100".equals(bar.getAttribute("aria-valuenow"))
                ? true : null);
        b.sees("Older mail pulled: 100 %");
        b.await("the first sync", Duration.ofSeconds(60), d -> b.shows("Healthy") ? true : null);
        b.assertAccessible("Gmail accounts");
        b.screenshot("connections");
    }

    @Test
    @Order(3)
    void syncNowShowsItsResultInline() {
        Http.Answer delivered = provider.send("POST", "/_sandbox/accounts/" + GMAIL + "/messages", null,
                "{\"from\":\"Cara Candidate <" + CANDIDATE + ">\",\"to\":[\"" + GMAIL + "\"],\"subject\":\""
                        + APPLICATION + "\",\"html\":\"<p>Hello, here is my <b>portfolio</b>."
                        + "<img src='https://images.example.test/me.png' alt='me'></p>\",\"attachments\":[{\"name\":"
                        + "\"portfolio.pdf\",\"contentType\":\"application/pdf\",\"size\":20480}]}");
        assertEquals(2, delivered.status() / 100, delivered.body());
        b.click("Sync now");
        b.sees("Synced: ");
        String result = b.driver().findElement(By.xpath("//*[@role='status' and starts-with(normalize-space(.),"
                + " 'Synced: ')]")).getText();
        assertTrue(result.matches("Synced: \\d+ fetched, \\d+ updated, \\d+ deleted"), result);
    }

    @Test
    @Order(4)
    void inboxChipsSearchOpensTheThreadIsolatedAndReplies() {
        b.open("/devhost/ui/inbox");
        b.sees(APPLICATION);
        b.click("Unread");
        assertEquals("true", b.control("Unread").getAttribute("aria-pressed"));
        b.click("Emails");
        b.field("Account");
        b.type("Search", "designer role " + RUN);
        b.click("Search mail");
        b.sees("1 message matching");
        b.assertAccessible("inbox");
        b.screenshot("inbox");
        b.clickContaining(APPLICATION);
        WebElement frame = b.await("the message frame", d -> d.findElements(By.xpath(
                "//iframe[starts-with(@title, 'Message from')]")).stream().findFirst().orElse(null));
        // isolated: a sandbox without scripts or same-origin, its own strict policy, remote images held back
        assertEquals("allow-popups allow-popups-to-escape-sandbox", frame.getAttribute("sandbox"));
        String doc = frame.getAttribute("srcdoc");
        assertTrue(doc.contains("Content-Security-Policy") && doc.contains("default-src 'none'"), doc);
        assertFalse(doc.contains("images.example.test"), doc);
        b.sees("portfolio.pdf (20 KB)");
        b.click("Show images");
        b.await("the images shown", d -> d.findElements(By.xpath("//iframe[contains(@srcdoc, 'images.example.test')]"))
                .isEmpty() ? null : true);
        b.assertAccessible("thread");
        b.screenshot("thread");
        int before = sentCount(GMAIL);
        b.click("Reply");
        assertEquals(CANDIDATE, b.field("To").getAttribute("value"));
        b.type("Message", "Thank you, we will be in touch.");
        b.screenshot("thread-reply");
        b.click("Send");
        b.sees("Sent.");
        Wait.until(Duration.ofSeconds(60), "the reply at the provider", () -> sentCount(GMAIL) == before + 1);
    }

    @Test
    @Order(5)
    void invalidInputIsShownAtTheFieldAndNothingIsSent() {
        b.open("/devhost/ui/inbox");
        b.click("Compose");
        int before = sentCount(GMAIL);
        b.type("To", "not an address");
        b.type("Subject", "");
        b.type("Message", "Hello");
        b.click("Send");
        assertTrue(b.errorOf("To").contains("valid email addresses"), b.errorOf("To"));
        assertEquals("Add a subject.", b.errorOf("Subject"));
        b.assertAccessible("compose with errors");
        b.screenshot("compose-errors");
        b.type("To", "someone@example.test");
        b.type("Subject", "Scheduled in the past");
        b.choose("Send later");
        b.type("Send at", "01012020\t0101AM");
        b.click("Send");
        assertEquals("Choose a time in the future.", b.errorOf("Send at"));
        assertEquals(before, sentCount(GMAIL));
    }

    @Test
    @Order(6)
    void aSendFromTheCrmContactPanelAppearsInItsEmailRegion() {
        Http.Answer contact = http.send("POST", "/devhost/v1/contacts", token,
                "{\"name\":\"Carl Customer\",\"email\":\"" + CONTACT + "\"}");
        assertEquals(201, contact.status(), contact.body());
        contactId = contact.json().get("id").asText();
        b.open("/devhost/ui/crm/contacts/" + contactId);
        b.assertTitle("Carl Customer");
        WebElement panel = b.region("Email");
        b.click("Compose");
        assertEquals(CONTACT, b.field("To").getAttribute("value"));
        b.type("Subject", "Proposal " + RUN);
        b.type("Message", "Here is our proposal.");
        b.click("Send");
        b.sees("Sent.");
        b.await("the send in the panel", Duration.ofSeconds(120), d -> panel.getText().contains("Proposal " + RUN)
                ? true : null);
        b.assertAccessible("CRM contact");
        b.screenshot("crm-contact");
    }

    @Test
    @Order(7)
    void theCandidatesEmailTabListsTheirMail() {
        Http.Answer candidate = http.send("POST", "/devhost/v1/candidates", token,
                "{\"name\":\"Cara Candidate\",\"email\":\"" + CANDIDATE + "\"}");
        assertEquals(201, candidate.status(), candidate.body());
        b.open("/devhost/ui/recruiting/candidates/" + candidate.json().get("id").asText());
        for (String tab : new String[] {"Overview", "Resume", "Evaluation"}) {
            b.control(tab);
        }
        b.click("Email");
        WebElement panel = b.region("Email");
        b.await("the application in the panel", Duration.ofSeconds(60), d -> panel.getText().contains(APPLICATION)
                ? true : null);
        b.assertAccessible("candidate Email tab");
        b.screenshot("candidate-email");
    }

    @Test
    @Order(8)
    void aRevokedTokenTurnsTheBadgeToErrorWithWhatToDo() {
        assertEquals(2, provider.send("POST", "/_sandbox/tokens/revoke", null, "{\"address\":\"" + GMAIL + "\"}")
                .status() / 100);
        b.open("/devhost/ui/settings/integrations/gmail");
        b.click("Sync now");
        b.sees("Sync failed.");
        b.sees("Reconnect the account");
        b.await("the Error badge", d -> b.shows("Error") ? true : null);
        b.assertAccessible("connection in error");
        b.screenshot("connection-error");
    }

    @Test
    @Order(9)
    void disconnectAsksForConfirmationAndKeepsTheMail() {
        b.open("/devhost/ui/settings/integrations/gmail");
        // by keyboard: Enter on the trash icon opens the confirmation with the focus on Cancel; Escape closes it
        b.control("Disconnect " + GMAIL).sendKeys(Keys.ENTER);
        b.sees("Disconnect " + GMAIL + "?");
        assertEquals("Cancel", b.script("return document.activeElement.textContent"));
        b.assertAccessible("disconnect confirmation");
        b.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.await("the confirmation closed", d -> b.shows("Disconnect " + GMAIL + "?") ? null : true);
        b.click("Disconnect " + GMAIL);
        b.sees("Disconnect " + GMAIL + "?");
        b.click("Cancel");
        b.control("Disconnect " + GMAIL);
        b.click("Disconnect " + GMAIL);
        b.click("Disconnect");
        b.sees("Disconnected " + GMAIL + ". Its mail stays in your Inbox.");
        assertTrue(b.driver().findElements(By.xpath("//button[@aria-label='Disconnect " + GMAIL + "']")).isEmpty());
        b.open("/devhost/ui/inbox");
        b.sees(APPLICATION);
    }

    @Test
    @Order(10)
    void aRefusalAtTheProviderIsShownInWordsWithWhatToDo() {
        b.open("/devhost/ui/settings/integrations/outlook");
        b.click("Connect Outlook");
        b.await("the provider's page", d -> d.getCurrentUrl().contains("/oauth2/v2.0/authorize") ? true : null);
        java.net.URI at = java.net.URI.create(b.url());
        String state = null;
        String redirect = null;
        for (String pair : at.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            String value = java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8);
            if (kv[0].equals("state")) {
                state = value;
            } else if (kv[0].equals("redirect_uri")) {
                redirect = value;
            }
        }
        // what Microsoft answers when the tenant's administrator has not consented
        b.open(redirect + "?state=" + state + "&error=access_denied&error_description="
                + "AADSTS65001%3A+The+user+or+administrator+has+not+consented+to+use+the+application.");
        b.sees("The account was not connected. Your organisation's administrator must approve Workestra first.");
        assertTrue(b.url().endsWith("/devhost/ui/settings/integrations/outlook"), b.url());
        b.assertAccessible("refused connection");
        b.screenshot("connect-refused");
    }

    @Test
    @Order(11)
    void connectsOutlookPausesAndResumesAndAddsAnotherAccountThroughThePicker() {
        b.open("/devhost/ui/settings/integrations/outlook");
        b.click("Connect Outlook");
        b.clickContaining(OUTLOOK);
        b.sees("Connected " + OUTLOOK + ".");
        b.choose("Everything");
        b.click("Start");
        WebElement bar = b.role("progressbar", "Backfill of " + OUTLOOK);
        b.click("Pause");
        b.sees("Paused: ");
        b.click("Resume");
        b.await("the bar at 100 %", Duration.ofSeconds(180), d -> "100".equals(bar.getAttribute("aria-valuenow"))
                ? true : null);
        b.click("Add another account");
        b.clickContaining(OUTLOOK2);
        b.sees("Connected " + OUTLOOK2 + ".");
        b.click("Not now");
        b.control("Disconnect " + OUTLOOK);
        b.control("Disconnect " + OUTLOOK2);
        b.field("Shared mailbox address");
        b.assertAccessible("Outlook accounts");
        b.screenshot("connections-outlook");
    }

    @Test
    @Order(12)
    void workspaceEmailVerifiesADomain() {
        String domain = "mail-" + RUN + ".test";
        b.open("/devhost/ui/settings/workspace-email");
        b.assertTitle("Workspace Email");
        b.type("Resend API key", "re_test_" + RUN);
        b.type("Sender name", "Workestra Demo");
        b.type("Sender address", "hello@" + domain);
        b.click("Save");
        b.sees("Saved.");
        b.type("Domain", domain);
        b.click("Add domain");
        b.sees("DNS records for " + domain);
        b.clickIn("DNS records for " + domain, "Verify");
        b.sees(domain + ": ");
        b.assertAccessible("Workspace Email");
        b.screenshot("workspace-email");
    }

    @Test
    @Order(13)
    void aTicketIsAnsweredFromItsSupportIntakeMailbox() {
        String requester = "rita." + RUN + "@customers.test";
        String subject = "The printer is on fire " + RUN;
        String outlookId = null;
        for (JsonNode c : http.send("GET", "/email/v1/connections?provider=outlook", token, null).json()) {
            if (OUTLOOK.equals(c.get("address").asText())) {
                outlookId = c.get("id").asText();
            }
        }
        assertNotNull(outlookId);
        assertEquals(200, http.send("PUT", "/email/v1/connections/" + outlookId + "/intake", token,
                "{\"module\":\"support\"}").status());
        assertEquals(2, provider.send("POST", "/_sandbox/accounts/" + OUTLOOK + "/messages", null, "{\"from\":\""
                + requester + "\",\"to\":[\"" + OUTLOOK + "\"],\"subject\":\"" + subject + "\",\"text\":\"Help!\"}")
                .status() / 100);
        assertEquals(200, http.send("POST", "/email/v1/connections/" + outlookId + "/sync", token, null).status());
        String[] ticket = new String[1];
        Wait.until(Duration.ofSeconds(60), "a ticket from the intake mailbox", () -> {
            for (JsonNode t : http.send("GET", "/devhost/v1/tickets", token, null).json()) {
                if (t.get("emails").toString().contains(requester)) {
                    ticket[0] = t.get("id").asText();
                }
            }
            return ticket[0] != null;
        });
        b.open("/devhost/ui/support/tickets/" + ticket[0]);
        WebElement panel = b.region("Email");
        b.await("the ticket's thread", d -> panel.getText().contains(subject) ? true : null);
        int before = sentCount(OUTLOOK);
        b.click("Reply");
        b.sees("From: the support mailbox that received the ticket.");
        b.type("Message", "We are on our way with a fire extinguisher.");
        b.click("Send");
        b.sees("Sent.");
        Wait.until(Duration.ofSeconds(60), "the ticket reply at the provider", () -> sentCount(OUTLOOK) == before + 1);
        b.assertAccessible("ticket");
        b.screenshot("support-ticket");
    }

    @Test
    @Order(14)
    void pagesAreReadableAt320Pixels() {
        b.width(320);
        try {
            b.open("/devhost/ui/inbox");
            b.sees(APPLICATION);
            Object overflow = b.script("return document.documentElement.scrollWidth");
            assertTrue(((Number) overflow).intValue() <= 320, "page " + overflow + " px wide at 320 px: " + b.script(
                    "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)"
                            + ".slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round("
                            + "e.getBoundingClientRect().right)).join(', ')"));
            b.screenshot("inbox-320px");
        } finally {
            b.width(1280);
        }
    }

    @Test
    @Order(15)
    void aTeammatesThreadShowsOnTheContactPageAsItsOwnerSharesIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(node != null, "needs the test's own node with a teammate");
        // the teammate connects a mailbox with mail from the CRM contact and keeps the default: subject only
        account("gmail", MATE, "Mate Gmail", 0, 30);
        String mate = new OAuthBrowser(http, provider.base()).connect(MATE_TOKEN, "gmail", MATE, null).json()
                .at("/connection/id").asText();
        assertEquals(2, provider.send("POST", "/_sandbox/accounts/" + MATE + "/messages", null, "{\"from\":\""
                + CONTACT + "\",\"to\":[\"" + MATE + "\"],\"subject\":\"Teammate thread " + RUN
                + "\",\"text\":\"Secret terms " + RUN + "\"}").status() / 100);
        assertEquals(200, http.send("POST", "/email/v1/connections/" + mate + "/sync", MATE_TOKEN, null).status());
        b.open("/devhost/ui/crm/contacts/" + contactId);
        WebElement panel = b.region("Email");
        b.await("the teammate's thread in the panel", Duration.ofSeconds(120),
                d -> panel.getText().contains("Teammate thread " + RUN) ? true : null);
        b.sees("Teammate's mailbox " + MATE + ", shared: subject, people and time");
        b.clickContaining("Teammate thread " + RUN);
        b.sees("The owner does not share the text of this mailbox.");
        assertTrue(!b.driver().getPageSource().contains("Secret terms " + RUN), "the body reached the browser");
        b.assertAccessible("CRM contact with a teammate's thread");
        // the teammate shares everything: the body is shown, isolated like any message
        assertEquals(200, http.send("PATCH", "/email/v1/connections/" + mate, MATE_TOKEN,
                "{\"visibility\":\"everything\"}").status());
        b.open("/devhost/ui/crm/contacts/" + contactId);
        b.clickContaining("Teammate thread " + RUN);
        WebElement frame = b.await("the shared body", d -> d.findElements(org.openqa.selenium.By.cssSelector(
                "article.we-thread iframe")).stream().findFirst().orElse(null));
        assertTrue(frame.getAttribute("srcdoc").contains("Secret terms " + RUN), frame.getAttribute("srcdoc"));
        b.screenshot("crm-contact-team");
    }

    @Test
    @Order(16)
    void shareWithTeamIsChosenOnTheConnectionCard() {
        b.open("/devhost/ui/settings/integrations/outlook");
        org.openqa.selenium.support.ui.Select share = new org.openqa.selenium.support.ui.Select(
                b.field("Share with team"));
        assertEquals(java.util.List.of("Everything", "Subject only", "Metadata only", "Private"),
                share.getOptions().stream().map(WebElement::getText).toList());
        share.selectByVisibleText("Private");
        b.sees("Teammates now see: nothing.");
        assertTrue(http.send("GET", "/email/v1/connections?provider=outlook", token, null).json().toString()
                .contains("\"visibility\":\"private\""));
        b.assertAccessible("Share with team");
    }
}
