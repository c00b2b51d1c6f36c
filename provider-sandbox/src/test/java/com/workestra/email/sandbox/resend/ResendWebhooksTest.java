package com.workestra.email.sandbox.resend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.resend.core.exception.ResendException;
import com.resend.services.emails.model.CreateEmailOptions;
import com.resend.services.webhooks.dto.WebhookDTO;
import com.resend.services.webhooks.model.CreateWebhookOptions;
import com.resend.services.webhooks.model.CreateWebhookResponseSuccess;
import com.resend.services.webhooks.model.VerifyWebhookOptions;
import com.resend.services.webhooks.model.WebhookEvent;
import com.workestra.email.sandbox.Http;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks API through the real SDK and Svix-signed deliveries verified with the SDK's own verifier. */
class ResendWebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private SandboxHarness sandbox;
    private ResendSdkRedirect sdk;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        sandbox = new SandboxHarness(new ResendEmulator(false));
        sdk = new ResendSdkRedirect(sandbox.base, "re_test_webhooks");
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
        sandbox.close();
    }

    private String sendOne(String to) throws ResendException {
        return sdk.emails().send(CreateEmailOptions.builder().from("Workestra <noreply@workestra.example>").to(to)
                .subject("webhook test").html("<p>hi</p>").build()).getId();
    }

    private void verify(WebhookReceiver.Call call, String secret) throws ResendException {
        sdk.webhooks().verify(VerifyWebhookOptions.builder().payload(call.body()).addHeaders(call.headers())
                .secret(secret).build());
    }

    @Test
    void sentAndDeliveredArriveSignedAfterASendAndVerifyWithTheSdk() throws Exception {
        CreateWebhookResponseSuccess hook = sdk.webhooks().create(CreateWebhookOptions.builder()
                .endpoint(receiver.url()).events(WebhookEvent.EMAIL_SENT, WebhookEvent.EMAIL_DELIVERED).build());
        assertTrue(hook.getSigningSecret().startsWith("whsec_"), hook.getSigningSecret());

        String emailId = sendOne("ana@example.com");

        WebhookReceiver.Call sent = receiver.next(WAIT);
        WebhookReceiver.Call delivered = receiver.next(WAIT);
        for (WebhookReceiver.Call c : new WebhookReceiver.Call[] {sent, delivered}) {
            assertTrue(c.headers().get("svix-id").startsWith("msg_"));
            assertTrue(c.headers().get("svix-signature").startsWith("v1,"));
            assertDoesNotThrow(() -> verify(c, hook.getSigningSecret()), "signature verifies with the SDK");
        }
        JsonNode sentJson = Http.JSON.readTree(sent.body());
        assertEquals("email.sent", sentJson.get("type").asText());
        assertEquals(emailId, sentJson.get("data").get("email_id").asText());
        assertEquals("ana@example.com", sentJson.get("data").get("to").get(0).asText());
        assertEquals("webhook test", sentJson.get("data").get("subject").asText());
        assertEquals("email.delivered", Http.JSON.readTree(delivered.body()).get("type").asText());

        WebhookReceiver.Call tampered = new WebhookReceiver.Call(sent.headers(),
                sent.body().replace("webhook test", "webhook TEST"));
        ResendException bad = assertThrows(ResendException.class, () -> verify(tampered, hook.getSigningSecret()));
        assertEquals(401, bad.getStatusCode());
        ResendException wrongSecret = assertThrows(ResendException.class,
                () -> verify(sent, SvixSigner.newSecret()));
        assertEquals(401, wrongSecret.getStatusCode());
    }

    @Test
    void controlEventsGoToSubscribedEndpointsAndReportTheReceiverStatus() throws Exception {
        sandbox.emulator.setAutoEvents(false, 0);
        CreateWebhookResponseSuccess hook = sdk.webhooks().create(CreateWebhookOptions.builder()
                .endpoint(receiver.url()).events(WebhookEvent.EMAIL_BOUNCED, WebhookEvent.EMAIL_OPENED).build());
        String emailId = sendOne("ana@example.com");

        JsonNode bounced = sandbox.control("POST", "/events",
                Map.of("emailId", emailId, "type", "email.bounced")).body();
        assertEquals("bounced", bounced.get("lastEvent").asText());
        assertEquals(1, bounced.get("deliveries").size());
        assertEquals(200, bounced.get("deliveries").get(0).get("status").asInt());
        assertEquals(hook.getId(), bounced.get("deliveries").get(0).get("webhookId").asText());
        WebhookReceiver.Call call = receiver.next(WAIT);
        verify(call, hook.getSigningSecret());
        JsonNode body = Http.JSON.readTree(call.body());
        assertEquals("email.bounced", body.get("type").asText());
        assertEquals("Permanent", body.get("data").get("bounce").get("type").asText());
        assertEquals("bounced", sdk.emails().get(emailId).getLastEvent());

        JsonNode clicked = sandbox.control("POST", "/events",
                Map.of("emailId", emailId, "type", "email.clicked")).body();
        assertEquals(0, clicked.get("deliveries").size(), "not subscribed to email.clicked");

        receiver.answer(500);
        JsonNode opened = sandbox.control("POST", "/events",
                Map.of("emailId", emailId, "type", "email.opened")).body();
        assertEquals(500, opened.get("deliveries").get(0).get("status").asInt(), "the receiver's answer is reported");
        receiver.next(WAIT);

        assertEquals(404, sandbox.control("POST", "/events",
                Map.of("emailId", "unknown", "type", "email.opened")).status());
        assertEquals(400, sandbox.control("POST", "/events",
                Map.of("emailId", emailId, "type", "email.exploded")).status());
        assertNull(receiver.poll());
    }

    @Test
    void webhooksCanBeListedAndRemoved() throws Exception {
        CreateWebhookResponseSuccess hook = sdk.webhooks().create(CreateWebhookOptions.builder()
                .endpoint(receiver.url()).events(WebhookEvent.EMAIL_DELIVERED).build());
        WebhookDTO listed = sdk.webhooks().list().getData().get(0);
        assertEquals(hook.getId(), listed.getId());
        assertEquals(receiver.url(), listed.getEndpoint());
        assertEquals(java.util.List.of("email.delivered"), listed.getEvents());
        assertEquals(hook.getSigningSecret(), sdk.webhooks().get(hook.getId()).getSigningSecret());

        assertTrue(sdk.webhooks().remove(hook.getId()).getDeleted());
        assertTrue(sdk.webhooks().list().getData().isEmpty());
        ResendException gone = assertThrows(ResendException.class, () -> sdk.webhooks().get(hook.getId()));
        assertEquals(404, gone.getStatusCode());

        ResendException invalid = assertThrows(ResendException.class, () -> sdk.webhooks().create(
                CreateWebhookOptions.builder().endpoint("not a url").events(WebhookEvent.EMAIL_SENT).build()));
        assertEquals(422, invalid.getStatusCode());
    }

    @Test
    void controlRegisteredEndpointWithItsOwnSecretReceivesEveryEmailEvent() throws Exception {
        String secret = SvixSigner.newSecret();
        JsonNode reg = sandbox.control("PUT", "/webhook", Map.of("url", receiver.url(), "secret", secret)).body();
        assertEquals(secret, reg.get("secret").asText());
        assertTrue(reg.hasNonNull("id"));
        JsonNode generated = sandbox.control("PUT", "/webhook", Map.of("url", receiver.url() + "?second")).body();
        assertTrue(generated.get("secret").asText().startsWith("whsec_"));

        sandbox.emulator.setAutoEvents(false, 0);
        String emailId = sendOne("bo@example.com");
        JsonNode r = sandbox.control("POST", "/events", Map.of("emailId", emailId, "type", "email.complained"))
                .body();
        assertEquals(2, r.get("deliveries").size());
        WebhookReceiver.Call first = receiver.next(WAIT);
        WebhookReceiver.Call second = receiver.next(WAIT);
        verify(first, secret);
        verify(second, generated.get("secret").asText());
        assertEquals("email.complained", Http.JSON.readTree(first.body()).get("type").asText());
    }

    @Test
    void resendTestAddressBouncesAutomatically() throws Exception {
        String secret = sandbox.control("PUT", "/webhook", Map.of("url", receiver.url())).body()
                .get("secret").asText();
        String emailId = sendOne("bounced@resend.dev");
        WebhookReceiver.Call sent = receiver.next(WAIT);
        WebhookReceiver.Call bounced = receiver.next(WAIT);
        verify(bounced, secret);
        assertEquals("email.sent", Http.JSON.readTree(sent.body()).get("type").asText());
        assertEquals("email.bounced", Http.JSON.readTree(bounced.body()).get("type").asText());
        assertEquals("bounced", Await.until(WAIT, () -> sdk.emails().get(emailId).getLastEvent(),
                "bounced"::equals));
    }
}
