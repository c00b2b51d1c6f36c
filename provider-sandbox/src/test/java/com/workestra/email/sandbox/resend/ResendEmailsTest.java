package com.workestra.email.sandbox.resend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.resend.core.exception.ResendException;
import com.resend.core.net.RequestOptions;
import com.resend.services.batch.model.BatchEmail;
import com.resend.services.batch.model.CreateBatchEmailsResponse;
import com.resend.services.emails.model.Attachment;
import com.resend.services.emails.model.CancelEmailResponse;
import com.resend.services.emails.model.CreateEmailOptions;
import com.resend.services.emails.model.Email;
import com.resend.services.emails.model.Tag;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Emails through the real Resend SDK against the emulator (rate limit off; see ResendRateLimitTest). */
class ResendEmailsTest {

    private SandboxHarness sandbox;
    private ResendSdkRedirect sdk;

    @BeforeEach
    void start() throws Exception {
        sandbox = new SandboxHarness(new ResendEmulator(false));
        sdk = new ResendSdkRedirect(sandbox.base, "re_test_emails");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static CreateEmailOptions.Builder simple(String subject) {
        return CreateEmailOptions.builder().from("Workestra <noreply@workestra.example>").to("ana@example.com")
                .subject(subject).text("hello");
    }

    @Test
    void everyFieldOfASendArrivesInTheControlApi() throws Exception {
        byte[] pdf = "%PDF-1.4 fake".getBytes(StandardCharsets.UTF_8);
        String id = sdk.emails().send(CreateEmailOptions.builder()
                .from("Workestra Support <support@workestra.example>")
                .to("ana@example.com", "Bo Ek <bo@example.org>")
                .cc("cc@example.com").bcc("audit@example.com").replyTo("reply@workestra.example")
                .subject("Ticket #42 — réponse")
                .html("<p>Bonjour</p>").text("Bonjour")
                .headers(Map.of("X-Workestra-Ticket", "42"))
                .attachments(Attachment.builder().fileName("invoice.pdf").contentType("application/pdf")
                        .content(Base64.getEncoder().encodeToString(pdf)).build())
                .tags(Tag.builder().name("category").value("support").build())
                .build()).getId();
        assertNotNull(id);

        JsonNode all = sandbox.control("GET", "/emails", null).body();
        assertEquals(1, all.size());
        JsonNode e = all.get(0);
        assertEquals(id, e.get("id").asText());
        assertEquals("Workestra Support <support@workestra.example>", e.get("from").asText());
        assertEquals(List.of("ana@example.com", "Bo Ek <bo@example.org>"), strings(e.get("to")));
        assertEquals(List.of("cc@example.com"), strings(e.get("cc")));
        assertEquals(List.of("audit@example.com"), strings(e.get("bcc")));
        assertEquals(List.of("reply@workestra.example"), strings(e.get("reply_to")));
        assertEquals("Ticket #42 — réponse", e.get("subject").asText());
        assertEquals("<p>Bonjour</p>", e.get("html").asText());
        assertEquals("Bonjour", e.get("text").asText());
        assertEquals("42", e.get("headers").get("X-Workestra-Ticket").asText());
        assertEquals("invoice.pdf", e.get("attachments").get(0).get("name").asText());
        assertEquals(pdf.length, e.get("attachments").get(0).get("size").asInt());
        assertEquals("support", e.get("tags").get("category").asText());
        assertTrue(Instant.parse(e.get("createdAt").asText()).isAfter(Instant.now().minusSeconds(60)));
        assertTrue(e.hasNonNull("lastEvent"));
    }

    @Test
    void getReturnsTheEmailAndItsLastEventMovesToDelivered() throws Exception {
        String id = sdk.emails().send(simple("status").cc("c@example.com").build()).getId();

        Email first = sdk.emails().get(id);
        assertEquals("email", first.getObject());
        assertEquals(id, first.getId());
        assertEquals(List.of("ana@example.com"), first.getTo());
        assertEquals(List.of("c@example.com"), first.getCc());
        assertNull(first.getBcc());
        assertEquals("status", first.getSubject());
        assertEquals("hello", first.getText());
        assertNotNull(first.getCreatedAt());

        String last = Await.until(Duration.ofSeconds(10), () -> sdk.emails().get(id).getLastEvent(),
                "delivered"::equals);
        assertEquals("delivered", last, "automatic email.sent/email.delivered did not happen");
    }

    @Test
    void batchCreatesOneEmailPerEntryAndRejectsMoreThanAHundred() throws Exception {
        CreateBatchEmailsResponse r = sdk.batch().send(List.of(simple("one").build(), simple("two").build(),
                simple("three").to("x@example.com").build()));
        assertEquals(3, r.getData().size());
        Set<String> ids = new HashSet<>();
        r.getData().stream().map(BatchEmail::getId).forEach(ids::add);
        assertEquals(3, ids.size(), "ids are distinct");
        JsonNode all = sandbox.control("GET", "/emails", null).body();
        assertEquals(List.of("one", "two", "three"), List.of(all.get(0).get("subject").asText(),
                all.get(1).get("subject").asText(), all.get(2).get("subject").asText()));

        List<CreateEmailOptions> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(simple("n" + i).build());
        }
        ResendException e = assertThrows(ResendException.class, () -> sdk.batch().send(tooMany));
        assertEquals(422, e.getStatusCode());
        assertEquals("validation_error", e.getErrorName());
        assertEquals(3, sandbox.control("GET", "/emails", null).body().size(), "a rejected batch stores nothing");
    }

    @Test
    void idempotencyKeyReplaysTheSameIdAndRejectsADifferentBody() throws Exception {
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("welcome-user-123").build();
        String first = sdk.emails().send(simple("welcome").build(), key).getId();
        String again = sdk.emails().send(simple("welcome").build(), key).getId();
        assertEquals(first, again);
        assertEquals(1, sandbox.control("GET", "/emails", null).body().size());

        ResendException conflict = assertThrows(ResendException.class,
                () -> sdk.emails().send(simple("welcome, changed").build(), key));
        assertEquals(409, conflict.getStatusCode());
        assertEquals("invalid_idempotent_request", conflict.getErrorName());

        String other = sdk.emails().send(simple("welcome").build(),
                RequestOptions.builder().setIdempotencyKey("welcome-user-124").build()).getId();
        assertNotEquals(first, other);
    }

    @Test
    void validationErrorsLookLikeResends() {
        ResendException noTo = assertThrows(ResendException.class, () -> sdk.emails().send(
                CreateEmailOptions.builder().from("a@workestra.example").subject("s").text("t").build()));
        assertEquals(422, noTo.getStatusCode());
        assertEquals("validation_error", noTo.getErrorName());
        assertEquals("Missing `to` field.", noTo.getMessage());

        ResendException badFrom = assertThrows(ResendException.class, () -> sdk.emails().send(
                simple("s").from("not an address").build()));
        assertEquals(422, badFrom.getStatusCode());
        assertEquals("validation_error", badFrom.getErrorName());
        assertTrue(badFrom.getMessage().startsWith("Invalid `from` field."), badFrom.getMessage());
        assertEquals(0, sandbox.control("GET", "/emails", null).body().size());
    }

    @Test
    void apiKeyIsRequiredAndRevocable() throws Exception {
        HttpResponse<String> none = sandbox.raw(HttpRequest.newBuilder(sandbox.base.resolve("/resend/emails"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(401, none.statusCode());
        JsonNode err = com.workestra.email.sandbox.Http.JSON.readTree(none.body());
        assertEquals(401, err.get("statusCode").asInt());
        assertEquals("missing_api_key", err.get("name").asText());
        assertTrue(err.hasNonNull("message"));

        ResendException wrongPrefix = assertThrows(ResendException.class,
                () -> new ResendSdkRedirect(sandbox.base, "sk_live_x").emails().send(simple("s").build()));
        assertEquals(403, wrongPrefix.getStatusCode());
        assertEquals("invalid_api_key", wrongPrefix.getErrorName());

        sdk.emails().send(simple("before revocation").build());
        assertEquals(200, sandbox.control("POST", "/keys/revoke", Map.of("apiKey", "re_test_emails")).status());
        ResendException revoked = assertThrows(ResendException.class,
                () -> sdk.emails().send(simple("after revocation").build()));
        assertEquals(403, revoked.getStatusCode());
    }

    @Test
    void scheduledEmailsWaitAndCanBeCanceled() throws Exception {
        String id = sdk.emails().send(simple("later").scheduledAt("in 1 hour").build()).getId();
        Email scheduled = sdk.emails().get(id);
        assertEquals("scheduled", scheduled.getLastEvent());
        CancelEmailResponse canceled = sdk.emails().cancel(id);
        assertEquals("email", canceled.getObject());
        assertEquals(id, canceled.getId());
        assertEquals("canceled", sdk.emails().get(id).getLastEvent());
        ResendException again = assertThrows(ResendException.class, () -> sdk.emails().cancel(id));
        assertEquals(422, again.getStatusCode());

        ResendException badDate = assertThrows(ResendException.class,
                () -> sdk.emails().send(simple("when?").scheduledAt("someday").build()));
        assertEquals(422, badDate.getStatusCode());
    }

    @Test
    void concurrentSendsAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> sends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String subject = "parallel " + i;
                sends.add(() -> sdk.emails().send(simple(subject).build()).getId());
            }
            Set<String> ids = new HashSet<>();
            for (Future<String> f : pool.invokeAll(sends)) {
                ids.add(f.get());
            }
            assertEquals(40, ids.size());
            assertEquals(40, sandbox.control("GET", "/emails", null).body().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resetForgetsEverything() throws Exception {
        String id = sdk.emails().send(simple("gone").build()).getId();
        sandbox.emulator.reset();
        assertEquals(0, sandbox.control("GET", "/emails", null).body().size());
        ResendException e = assertThrows(ResendException.class, () -> sdk.emails().get(id));
        assertEquals(404, e.getStatusCode());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
