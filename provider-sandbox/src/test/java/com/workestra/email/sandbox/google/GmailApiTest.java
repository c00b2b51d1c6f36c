package com.workestra.email.sandbox.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.googleapis.batch.json.JsonBatchCallback;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.HttpHeaders;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.History;
import com.google.api.services.gmail.model.ListHistoryResponse;
import com.google.api.services.gmail.model.ListMessagesResponse;
import com.google.api.services.gmail.model.Message;
import com.google.api.services.gmail.model.MessagePart;
import com.google.api.services.gmail.model.ModifyMessageRequest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GmailApiTest {

    static final String USER = "ann@gmail-sandbox.test";
    static GmailFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new GmailFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() throws Exception {
        fx.reset();
    }

    @Test
    void listPagesNewestFirstAndFiltersByDate() throws Exception {
        Instant until = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        fx.control("POST", "/_sandbox/accounts", Map.of("provider", "gmail", "address", USER, "messages", 250,
                "seed", 3, "spanDays", 10, "until", until.toString()));
        Gmail gmail = fx.gmail(fx.token(USER));
        List<String> ids = new ArrayList<>();
        String page = null;
        int pages = 0;
        do {
            ListMessagesResponse r = gmail.users().messages().list("me").setMaxResults(100L).setPageToken(page)
                    .execute();
            r.getMessages().forEach(m -> ids.add(m.getId()));
            assertEquals(250, r.getResultSizeEstimate());
            page = r.getNextPageToken();
            pages++;
        } while (page != null);
        assertEquals(3, pages);
        assertEquals(250, new HashSet<>(ids).size());
        long newest = gmail.users().messages().get("me", ids.get(0)).setFormat("minimal").execute()
                .getInternalDate();
        long oldest = gmail.users().messages().get("me", ids.get(249)).setFormat("minimal").execute()
                .getInternalDate();
        assertTrue(newest > oldest);

        long cut = until.minus(5, ChronoUnit.DAYS).getEpochSecond();
        ListMessagesResponse after = gmail.users().messages().list("me").setQ("after:" + cut).setMaxResults(500L)
                .execute();
        ListMessagesResponse before = gmail.users().messages().list("me").setQ("before:" + cut)
                .setMaxResults(500L).execute();
        assertTrue(after.getMessages().size() > 50 && before.getMessages().size() > 50);
        assertTrue(after.getMessages().size() + before.getMessages().size() >= 249);
        for (Message m : after.getMessages().subList(0, 20)) {
            assertTrue(gmail.users().messages().get("me", m.getId()).setFormat("minimal").execute()
                    .getInternalDate() > cut * 1000);
        }
        ListMessagesResponse unreadInbox = gmail.users().messages().list("me")
                .setLabelIds(List.of("INBOX", "UNREAD")).setMaxResults(500L).execute();
        JsonNode acct = fx.control("GET", "/_sandbox/accounts/" + USER, null);
        assertEquals(acct.get("unreadCount").asInt(), unreadInbox.getMessages().size());
    }

    @Test
    void getFormatsRawMetadataFullAndAttachments() throws Exception {
        Gmail gmail = fx.account(USER, 0, 1);
        JsonNode d = fx.control("POST", "/_sandbox/accounts/" + USER + "/messages", Map.of("from",
                "Jürgen Müller <j@example.de>", "to", List.of(USER), "subject", "Grüße aus Köln", "text",
                "Hallo Welt", "html", "<p>Hallo Welt</p>", "attachments", List.of(Map.of("name", "a.pdf",
                        "contentType", "application/pdf", "size", 12345))));
        String id = d.get("id").asText();
        Message raw = gmail.users().messages().get("me", id).setFormat("raw").execute();
        String text = new String(raw.decodeRaw(), StandardCharsets.UTF_8);
        assertTrue(text.contains("Subject: =?UTF-8?B?"), text.substring(0, 300));
        Message meta = gmail.users().messages().get("me", id).setFormat("metadata")
                .setMetadataHeaders(List.of("Subject", "From")).execute();
        assertEquals(2, meta.getPayload().getHeaders().size());
        assertEquals("Grüße aus Köln", meta.getPayload().getHeaders().stream()
                .filter(h -> h.getName().equals("Subject")).findFirst().orElseThrow().getValue());
        Message full = gmail.users().messages().get("me", id).execute();
        assertEquals("multipart/mixed", full.getPayload().getMimeType());
        MimeCheck check = new MimeCheck();
        check.walk(full.getPayload());
        assertEquals(12345, check.attachment.getBody().getSize());
        assertEquals("a.pdf", check.attachment.getFilename());
        assertEquals("Hallo Welt", new String(check.text.getBody().decodeData(), StandardCharsets.UTF_8).trim());
        byte[] att = gmail.users().messages().attachments().get("me", id, check.attachment.getBody()
                .getAttachmentId()).execute().decodeData();
        assertEquals(12345, att.length);
        assertTrue(new String(att, 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF"));
        GoogleJsonResponseException missing = assertThrows(GoogleJsonResponseException.class,
                () -> gmail.users().messages().get("me", "0123456789abcdef").execute());
        assertEquals(404, missing.getStatusCode());
    }

    private static final class MimeCheck {
        MessagePart attachment;
        MessagePart text;

        void walk(MessagePart p) {
            if (p.getBody() != null && p.getBody().getAttachmentId() != null) {
                attachment = p;
            }
            if ("text/plain".equals(p.getMimeType())) {
                text = p;
            }
            if (p.getParts() != null) {
                p.getParts().forEach(this::walk);
            }
        }
    }

    @Test
    void batchGetsHundredMessages() throws Exception {
        fx.quotas(false);
        Gmail gmail = fx.account(USER, 150, 11);
        List<Message> refs = gmail.users().messages().list("me").setMaxResults(100L).execute().getMessages();
        List<Message> got = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        var batch = gmail.batch();
        for (Message ref : refs) {
            gmail.users().messages().get("me", ref.getId()).setFormat("metadata").queue(batch,
                    new JsonBatchCallback<Message>() {
                        @Override
                        public void onSuccess(Message m, HttpHeaders headers) {
                            got.add(m);
                        }

                        @Override
                        public void onFailure(GoogleJsonError e, HttpHeaders headers) {
                            failures.incrementAndGet();
                        }
                    });
        }
        assertEquals(100, batch.size());
        batch.execute();
        assertEquals(0, failures.get());
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(refs.get(i).getId(), got.get(i).getId());
            assertNotNull(got.get(i).getPayload().getHeaders());
        }
        assertEquals(100, fx.sandbox.stats().calls("gmail", "messages.get"));
        assertEquals(500 + 5, fx.sandbox.stats().quotaSpent("gmail", USER));
    }

    @Test
    void batchPartsChargeTheirOwnQuota() throws Exception {
        Gmail gmail = fx.account(USER, 120, 12);
        fx.quotas(false);
        List<Message> refs = gmail.users().messages().list("me").setMaxResults(100L).execute().getMessages();
        fx.quotas(true);
        AtomicInteger ok = new AtomicInteger();
        List<GoogleJsonError> errors = new ArrayList<>();
        var batch = gmail.batch();
        for (Message ref : refs) {
            gmail.users().messages().get("me", ref.getId()).setFormat("minimal").queue(batch,
                    new JsonBatchCallback<Message>() {
                        @Override
                        public void onSuccess(Message m, HttpHeaders headers) {
                            ok.incrementAndGet();
                        }

                        @Override
                        public void onFailure(GoogleJsonError e, HttpHeaders headers) {
                            errors.add(e);
                        }
                    });
        }
        batch.execute();
        assertTrue(ok.get() >= 50 && ok.get() < 100, "succeeded: " + ok.get());
        assertEquals(100, ok.get() + errors.size());
        assertEquals(429, errors.get(0).getCode());
        assertEquals("rateLimitExceeded", errors.get(0).getErrors().get(0).getReason());
        assertEquals("usageLimits", errors.get(0).getErrors().get(0).getDomain());
    }

    @Test
    void historyAfterDeliveryAndModifyThenExpired() throws Exception {
        Gmail gmail = fx.account(USER, 20, 5);
        BigInteger h0 = gmail.users().getProfile("me").execute().getHistoryId();
        String id = fx.control("POST", "/_sandbox/accounts/" + USER + "/messages", Map.of("from",
                "bob@example.com", "subject", "hello", "text", "hi")).get("id").asText();
        ListHistoryResponse added = gmail.users().history().list("me").setStartHistoryId(h0).execute();
        assertEquals(1, added.getHistory().size());
        History rec = added.getHistory().get(0);
        assertEquals(id, rec.getMessagesAdded().get(0).getMessage().getId());
        assertTrue(rec.getMessagesAdded().get(0).getMessage().getLabelIds().contains("UNREAD"));
        BigInteger h1 = added.getHistoryId();
        assertTrue(h1.compareTo(h0) > 0);

        Message modified = gmail.users().messages().modify("me", id, new ModifyMessageRequest()
                .setRemoveLabelIds(List.of("UNREAD"))).execute();
        assertFalse(modified.getLabelIds().contains("UNREAD"));
        ListHistoryResponse removed = gmail.users().history().list("me").setStartHistoryId(h1)
                .setHistoryTypes(List.of("labelRemoved")).execute();
        assertEquals(List.of("UNREAD"), removed.getHistory().get(0).getLabelsRemoved().get(0).getLabelIds());
        assertEquals(true, fx.control("GET", "/_sandbox/accounts/" + USER + "/messages/" + id, null)
                .get("read").asBoolean());
        ListHistoryResponse onlyAdded = gmail.users().history().list("me").setStartHistoryId(h1)
                .setHistoryTypes(List.of("messageAdded")).execute();
        assertNull(onlyAdded.getHistory());

        fx.control("POST", "/_sandbox/accounts/" + USER + "/history/expire", Map.of());
        GoogleJsonResponseException gone = assertThrows(GoogleJsonResponseException.class,
                () -> gmail.users().history().list("me").setStartHistoryId(h1).execute());
        assertEquals(404, gone.getStatusCode());
        assertEquals("notFound", gone.getDetails().getErrors().get(0).getReason());
        BigInteger fresh = gmail.users().getProfile("me").execute().getHistoryId();
        assertNull(gmail.users().history().list("me").setStartHistoryId(fresh).execute().getHistory());
    }

    @Test
    void batchModifyMarksRead() throws Exception {
        Gmail gmail = fx.account(USER, 80, 21);
        List<String> unread = new ArrayList<>();
        gmail.users().messages().list("me").setQ("is:unread").setMaxResults(500L).execute().getMessages()
                .forEach(m -> unread.add(m.getId()));
        assertFalse(unread.isEmpty());
        gmail.users().messages().batchModify("me", new com.google.api.services.gmail.model
                .BatchModifyMessagesRequest().setIds(unread).setRemoveLabelIds(List.of("UNREAD"))).execute();
        assertEquals(0, fx.control("GET", "/_sandbox/accounts/" + USER, null).get("unreadCount").asInt());
        GoogleJsonResponseException bad = assertThrows(GoogleJsonResponseException.class, () -> gmail.users()
                .messages().modify("me", unread.get(0), new ModifyMessageRequest().setAddLabelIds(
                        List.of("Label_999"))).execute());
        assertEquals(400, bad.getStatusCode());
    }

    private static byte[] reply(String subject) {
        return ("From: Ann <" + USER + ">\r\nTo: Bob <bob@example.com>\r\nSubject: " + subject
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nSee you.\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sendWithThreadIdAppearsInSentAndControl() throws Exception {
        Gmail gmail = fx.account(USER, 30, 8);
        Message someone = gmail.users().messages().list("me").setLabelIds(List.of("INBOX")).execute()
                .getMessages().get(0);
        BigInteger h0 = gmail.users().getProfile("me").execute().getHistoryId();
        byte[] raw = reply("Re: the plan");
        Message sent = gmail.users().messages().send("me", new Message()
                .setRaw(Base64.getUrlEncoder().encodeToString(raw)).setThreadId(someone.getThreadId())).execute();
        assertEquals(someone.getThreadId(), sent.getThreadId());
        assertEquals(List.of("SENT"), sent.getLabelIds());
        List<Message> inSent = gmail.users().messages().list("me").setLabelIds(List.of("SENT")).execute()
                .getMessages();
        assertEquals(sent.getId(), inSent.get(0).getId());
        History h = gmail.users().history().list("me").setStartHistoryId(h0).execute().getHistory().get(0);
        assertEquals(sent.getId(), h.getMessagesAdded().get(0).getMessage().getId());

        JsonNode control = fx.control("GET", "/_sandbox/accounts/" + USER + "/sent", null);
        assertEquals(1, control.size());
        assertEquals(sent.getId(), control.get(0).get("id").asText());
        assertEquals(someone.getThreadId(), control.get(0).get("threadId").asText());
        assertEquals("Re: the plan", control.get(0).get("subject").asText());
        assertEquals(new String(raw, StandardCharsets.UTF_8), new String(Base64.getUrlDecoder()
                .decode(control.get(0).get("raw").asText()), StandardCharsets.UTF_8));
    }

    @Test
    void sendThroughMediaUpload() throws Exception {
        Gmail gmail = fx.account(USER, 5, 8);
        byte[] raw = reply("Uploaded");
        Gmail.Users.Messages.Send send = gmail.users().messages().send("me", new Message(),
                new ByteArrayContent("message/rfc822", raw));
        Message resumable = send.execute();
        assertNotNull(resumable.getId());
        Gmail.Users.Messages.Send direct = gmail.users().messages().send("me", new Message(),
                new ByteArrayContent("message/rfc822", reply("Direct")));
        direct.getMediaHttpUploader().setDirectUploadEnabled(true);
        Message simple = direct.execute();
        JsonNode control = fx.control("GET", "/_sandbox/accounts/" + USER + "/sent", null);
        assertEquals(2, control.size());
        assertEquals(resumable.getId(), control.get(0).get("id").asText());
        assertEquals("Uploaded", control.get(0).get("subject").asText());
        assertEquals(simple.getId(), control.get(1).get("id").asText());
        assertEquals(List.of("bob@example.com"), List.of(control.get(1).get("to").get(0).asText()));
    }

    @Test
    void quotaBurstAnswers429OnlyWhenQuotasAreOn() throws Exception {
        Gmail gmail = fx.account(USER, 10, 2);
        String id = gmail.users().messages().list("me").execute().getMessages().get(0).getId();
        com.google.api.services.gmail.model.BatchModifyMessagesRequest body = new com.google.api.services.gmail
                .model.BatchModifyMessagesRequest().setIds(List.of(id)).setAddLabelIds(List.of("STARRED"));
        GoogleJsonResponseException limited = null;
        for (int i = 0; i < 40 && limited == null; i++) {
            try {
                gmail.users().messages().batchModify("me", body).execute();
            } catch (GoogleJsonResponseException e) {
                limited = e;
            }
        }
        assertNotNull(limited, "40 x 50 units never hit 250 units/s");
        assertEquals(429, limited.getStatusCode());
        assertEquals("rateLimitExceeded", limited.getDetails().getErrors().get(0).getReason());
        assertEquals("RESOURCE_EXHAUSTED", limited.getDetails().get("status"));

        fx.quotas(false);
        for (int i = 0; i < 40; i++) {
            gmail.users().messages().batchModify("me", body).execute();
        }
    }

    @Test
    void injected503WithRetryAfterThenRecovers() throws Exception {
        Gmail gmail = fx.account(USER, 3, 2);
        fx.control("POST", "/_sandbox/faults", Map.of("provider", "gmail", "pathPattern", "/messages$",
                "status", 503, "times", 2, "retryAfter", 3));
        for (int i = 0; i < 2; i++) {
            GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class,
                    () -> gmail.users().messages().list("me").execute());
            assertEquals(503, e.getStatusCode());
            assertEquals("3", e.getHeaders().getFirstHeaderStringValue("Retry-After"));
            assertEquals("backendError", e.getDetails().getErrors().get(0).getReason());
        }
        assertEquals(3, gmail.users().messages().list("me").execute().getMessages().size());
        assertEquals(3, gmail.users().getProfile("me").execute().getMessagesTotal());
    }

    @Test
    void unauthenticatedAndOtherUsersAreRefused() throws Exception {
        fx.account(USER, 3, 2);
        GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class,
                () -> fx.gmail("ya29.bogus").users().getProfile("me").execute());
        assertEquals(401, e.getStatusCode());
        assertEquals("UNAUTHENTICATED", e.getDetails().get("status"));
        GoogleJsonResponseException other = assertThrows(GoogleJsonResponseException.class,
                () -> fx.gmail(fx.token(USER)).users().getProfile("someone@else.test").execute());
        assertEquals(403, other.getStatusCode());
        Set<String> labels = new HashSet<>();
        fx.gmail(fx.token(USER)).users().labels().list("me").execute().getLabels().forEach(l -> labels.add(l
                .getId()));
        assertTrue(labels.containsAll(List.of("INBOX", "SENT", "UNREAD", "Label_1")));
    }
}
