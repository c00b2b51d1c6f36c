package com.workestra.email.sandbox.microsoft;

import static com.workestra.email.sandbox.microsoft.GraphTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.mailfolders.item.messages.delta.DeltaGetResponse;
import com.microsoft.graph.users.item.mailfolders.item.messages.delta.DeltaRequestBuilder;
import com.microsoft.graph.users.item.sendmail.SendMailPostRequestBody;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Graph mail surface driven by the real Graph SDK. */
class GraphMailTest {

    private static SandboxFixture sandbox;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new SandboxFixture();
        base = sandbox.base();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static GraphServiceClient signedIn(String address) throws Exception {
        return client(base, signIn(base, address).getAccessToken().getValue());
    }

    private static DeltaRequestBuilder inboxDelta(GraphServiceClient c) {
        return c.me().mailFolders().byMailFolderId("inbox").messages().delta();
    }

    @Test
    void deltaPagesWithMaxPageSizeThenReturnsOnlyNewChangesAndRemovals() throws Exception {
        String address = uniqueAddress("delta");
        createOutlookAccount(base, address, 0, null);
        List<String> seeded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seeded.add(deliver(base, address, "Seed " + i));
        }
        GraphServiceClient c = signedIn(address);

        HeadersInspectionOption inspect = new HeadersInspectionOption(false, true);
        DeltaGetResponse page = inboxDelta(c).get(rc -> {
            rc.headers.add("Prefer", "odata.maxpagesize=2");
            rc.headers.add("Prefer", "IdType=\"ImmutableId\"");
            rc.queryParameters.select = new String[] {"subject", "isRead", "receivedDateTime"};
            rc.options.add(inspect);
        });
        String applied = String.join(",", inspect.getResponseHeaders().get("Preference-Applied"));
        assertTrue(applied.contains("IdType=\"ImmutableId\""), applied);
        Set<String> seen = new HashSet<>();
        int pages = 0;
        String deltaLink = null;
        while (true) {
            pages++;
            assertTrue(page.getValue().size() <= 2, "maxpagesize honoured");
            for (Message m : page.getValue()) {
                assertTrue(seen.add(m.getId()), "no duplicate across pages");
                assertNotNull(m.getSubject());
                assertNull(m.getBody(), "only selected properties");
            }
            if (page.getOdataNextLink() != null) {
                assertTrue(page.getOdataNextLink().startsWith(base + "/graph/v1.0/"), page.getOdataNextLink());
                page = inboxDelta(c).withUrl(page.getOdataNextLink()).get(rc -> rc.headers.add("Prefer",
                        "odata.maxpagesize=2"));
            } else {
                deltaLink = page.getOdataDeltaLink();
                break;
            }
        }
        assertEquals(3, pages);
        assertEquals(new HashSet<>(seeded), seen);
        assertNotNull(deltaLink);
        assertTrue(deltaLink.startsWith(base + "/graph/v1.0/"), deltaLink);

        // Nothing changed: an empty round with a new deltaLink.
        DeltaGetResponse quiet = inboxDelta(c).withUrl(deltaLink).get();
        assertTrue(quiet.getValue().isEmpty());
        assertNotNull(quiet.getOdataDeltaLink());

        String fresh = deliver(base, address, "Fresh one");
        sandbox.deleteMessage(address, seeded.get(0));
        DeltaGetResponse changes = inboxDelta(c)
                .withUrl(quiet.getOdataDeltaLink()).get();
        assertEquals(2, changes.getValue().size(), () -> ids(changes));
        Message added = changes.getValue().stream().filter(m -> m.getId().equals(fresh)).findFirst().orElseThrow();
        assertEquals("Fresh one", added.getSubject());
        Message removed = changes.getValue().stream().filter(m -> m.getId().equals(seeded.get(0))).findFirst()
                .orElseThrow();
        assertTrue(removed.getAdditionalData().containsKey("@removed"), removed.getAdditionalData()::toString);

        // History expiry: once the changes after a token are forgotten, the token answers 410 Gone.
        String stale = changes.getOdataDeltaLink();
        deliver(base, address, "After the token");
        sandbox.expireHistory(address);
        ODataError gone = assertThrows(ODataError.class, () -> inboxDelta(c).withUrl(stale).get());
        assertEquals(410, gone.getResponseStatusCode());
        assertTrue(gone.getError().getCode().toLowerCase().contains("syncstate"), gone.getError().getCode());
    }

    private static String ids(DeltaGetResponse r) {
        List<String> out = new ArrayList<>();
        r.getValue().forEach(m -> out.add(m.getId() + m.getAdditionalData().keySet()));
        return out.toString();
    }

    @Test
    void messageGetMimePatchAndSendMail() throws Exception {
        String address = uniqueAddress("mail");
        createOutlookAccount(base, address, 0, null);
        String id = deliver(base, address, "Hello Graph");
        GraphServiceClient c = signedIn(address);

        Message m = c.me().messages().byMessageId(id).get();
        assertEquals("Hello Graph", m.getSubject());
        assertEquals("alice@fabrikam.test", m.getFrom().getEmailAddress().getAddress());
        assertEquals(address, m.getToRecipients().get(0).getEmailAddress().getAddress());
        assertFalse(m.getIsRead());
        assertNotNull(m.getInternetMessageId());
        assertNotNull(m.getConversationId());
        assertNotNull(m.getReceivedDateTime());
        assertNotNull(m.getParentFolderId());
        assertTrue(m.getBody().getContent().contains("Body of Hello Graph") || m.getBody().getContent()
                .contains("Hello Graph"), m.getBody().getContent());

        Message headers = c.me().messages().byMessageId(id).get(rc -> rc.queryParameters.select = new String[] {
            "internetMessageHeaders"});
        assertTrue(headers.getInternetMessageHeaders().stream().anyMatch(h -> h.getName().equalsIgnoreCase(
                "Subject") && h.getValue().equals("Hello Graph")));

        try (InputStream mime = c.me().messages().byMessageId(id).content().get()) {
            String raw = new String(mime.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(raw.contains("Subject: Hello Graph"), raw);
        }

        Message patch = new Message();
        patch.setIsRead(true);
        Message patched = c.me().messages().byMessageId(id).patch(patch);
        assertTrue(patched.getIsRead());
        JsonNode state = control(base, "GET", "/_sandbox/accounts/" + address + "/messages/" + id, null);
        assertTrue(state.get("read").asBoolean(), state::toString);

        SendMailPostRequestBody send = new SendMailPostRequestBody();
        Message out = new Message();
        out.setSubject("Réponse rapide");
        ItemBody body = new ItemBody();
        body.setContentType(BodyType.Html);
        body.setContent("<p>Merci beaucoup</p>");
        out.setBody(body);
        Recipient to = new Recipient();
        EmailAddress ea = new EmailAddress();
        ea.setAddress("bob@fabrikam.test");
        ea.setName("Bob");
        to.setEmailAddress(ea);
        out.setToRecipients(List.of(to));
        send.setMessage(out);
        send.setSaveToSentItems(true);
        c.me().sendMail().post(send);
        JsonNode sent = control(base, "GET", "/_sandbox/accounts/" + address + "/sent", null);
        assertEquals(1, sent.size(), sent::toString);
        String raw = new String(Base64.getUrlDecoder().decode(sent.get(0).get("raw").asText()),
                StandardCharsets.UTF_8);
        assertTrue(raw.contains("To: \"Bob\" <bob@fabrikam.test>"), raw);
        assertTrue(raw.contains("From: "), raw);
        MimeView v = MimeView.parse(raw.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Réponse rapide", v.header("Subject"));
        assertEquals("<p>Merci beaucoup</p>", v.html);
        DeltaGetResponse sentItems = c.me().mailFolders().byMailFolderId("sentitems").messages().delta().get();
        assertTrue(sentItems.getValue().stream().anyMatch(x -> "Réponse rapide".equals(x.getSubject())));
    }

    @Test
    void deltaFilterOnGeneratedMailboxAttachmentsAndStats() throws Exception {
        String address = uniqueAddress("gen");
        createOutlookAccount(base, address, 60, null);
        JsonNode acct = control(base, "GET", "/_sandbox/accounts/" + address, null);
        int inbox = acct.get("inboxCount").asInt();
        GraphServiceClient c = signedIn(address);

        List<Message> all = new ArrayList<>();
        DeltaGetResponse page = inboxDelta(c).get(rc -> rc.headers.add("Prefer", "odata.maxpagesize=25"));
        while (true) {
            all.addAll(page.getValue());
            if (page.getOdataNextLink() == null) {
                break;
            }
            page = inboxDelta(c).withUrl(page.getOdataNextLink()).get(rc -> rc.headers.add("Prefer",
                    "odata.maxpagesize=25"));
        }
        assertEquals(inbox, all.size(), "the initial round returns the whole inbox");
        assertEquals(inbox, new HashSet<>(all.stream().map(Message::getId).toList()).size());
        for (Message m : all) {
            assertTrue(m.getFrom() != null && m.getFrom().getEmailAddress().getAddress().contains("@"), m::getId);
            assertTrue(m.getSubject() != null && !m.getSubject().isBlank() && !m.getSubject().contains("=?"),
                    m::getSubject);
            assertFalse(m.getBody().getContent().isBlank(), m::getSubject);
            assertFalse(m.getBodyPreview().isBlank(), m::getSubject);
            assertNotNull(m.getInternetMessageId());
        }

        java.time.OffsetDateTime cut = all.get(all.size() / 2).getReceivedDateTime();
        long expected = all.stream().filter(m -> !m.getReceivedDateTime().isBefore(cut)).count();
        DeltaGetResponse recent = inboxDelta(c).get(rc -> {
            rc.queryParameters.filter = "receivedDateTime ge " + cut.toInstant();
            rc.headers.add("Prefer", "odata.maxpagesize=500");
        });
        assertEquals(expected, recent.getValue().size());
        assertTrue(expected < inbox);
        assertTrue(recent.getValue().stream().noneMatch(m -> m.getReceivedDateTime().isBefore(cut)));

        String withFile = control(base, "POST", "/_sandbox/accounts/" + address + "/messages", java.util.Map.of(
                "from", "carol@fabrikam.test", "to", List.of(address), "subject", "Invoice", "text", "see attached",
                "attachments", List.of(java.util.Map.of("name", "invoice.pdf", "contentType", "application/pdf",
                        "size", 2048)))).get("id").asText();
        Message m = c.me().messages().byMessageId(withFile).get();
        assertTrue(m.getHasAttachments());
        var attachments = c.me().messages().byMessageId(withFile).attachments().get().getValue();
        assertEquals(1, attachments.size());
        assertEquals("invoice.pdf", attachments.get(0).getName());
        assertEquals("application/pdf", attachments.get(0).getContentType());
        assertTrue(attachments.get(0).getSize() >= 2048, () -> "size " + attachments.get(0).getSize());

        JsonNode stats = control(base, "GET", "/_sandbox/stats", null);
        assertTrue(stats.path("methods").path("outlook").path("messages.delta").asLong() >= 2, stats::toString);
        assertTrue(stats.path("methods").path("outlook").path("token").asLong() >= 1, stats::toString);
    }

    @Test
    void batchRunsStepsAndReportsEachStatus() throws Exception {
        String address = uniqueAddress("batch");
        createOutlookAccount(base, address, 0, null);
        String id = deliver(base, address, "Batched");
        GraphServiceClient c = signedIn(address);
        BatchRequestContent batch = new BatchRequestContent(c);
        String meStep = batch.addBatchRequestStep(c.me().toGetRequestInformation());
        String msgStep = batch.addBatchRequestStep(c.me().messages().byMessageId(id).toGetRequestInformation());
        String missingStep = batch.addBatchRequestStep(c.me().messages().byMessageId("nope")
                .toGetRequestInformation());
        BatchResponseContent response = c.getBatchRequestBuilder().post(batch, null);
        assertEquals(200, response.getResponsesStatusCode().get(meStep));
        assertEquals(404, response.getResponsesStatusCode().get(missingStep));
        User me = response.getResponseById(meStep, User::createFromDiscriminatorValue);
        assertEquals(address, me.getMail());
        Message msg = response.getResponseById(msgStep, Message::createFromDiscriminatorValue);
        assertEquals("Batched", msg.getSubject());
    }

    @Test
    void sharedMailboxOnlyForDelegates() throws Exception {
        String delegate = uniqueAddress("delegate");
        String outsider = uniqueAddress("outsider");
        String shared = uniqueAddress("shared");
        createOutlookAccount(base, delegate, 0, null);
        createOutlookAccount(base, outsider, 0, null);
        createOutlookAccount(base, shared, 0, List.of(delegate));
        String id = deliver(base, shared, "For the team");

        GraphServiceClient d = signedIn(delegate);
        DeltaGetResponse r = d.users().byUserId(shared).mailFolders().byMailFolderId("inbox").messages().delta()
                .get();
        assertTrue(r.getValue().stream().anyMatch(m -> m.getId().equals(id)));
        assertEquals("For the team", d.users().byUserId(shared).messages().byMessageId(id).get().getSubject());

        GraphServiceClient o = signedIn(outsider);
        ODataError denied = assertThrows(ODataError.class, () -> o.users().byUserId(shared).mailFolders()
                .byMailFolderId("inbox").messages().delta().get());
        assertEquals(403, denied.getResponseStatusCode());
        assertEquals("ErrorAccessDenied", denied.getError().getCode());
    }
}
