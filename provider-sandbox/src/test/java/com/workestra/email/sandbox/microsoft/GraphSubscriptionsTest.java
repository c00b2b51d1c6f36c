package com.workestra.email.sandbox.microsoft;

import static com.workestra.email.sandbox.microsoft.GraphTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.models.Subscription;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subscriptions, change and lifecycle notifications, and throttling, driven by the real Graph SDK. */
class GraphSubscriptionsTest {

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

    private static Subscription inboxSubscription(Webhook hook, String clientState) {
        Subscription s = new Subscription();
        s.setChangeType("created,updated");
        s.setNotificationUrl(hook.url("/notify"));
        s.setLifecycleNotificationUrl(hook.url("/lifecycle"));
        s.setResource("/me/mailFolders('inbox')/messages");
        s.setExpirationDateTime(OffsetDateTime.now().plusHours(48));
        s.setClientState(clientState);
        return s;
    }

    @Test
    void subscriptionHandshakeNotificationsLifecycleRenewAndDelete() throws Exception {
        String address = uniqueAddress("sub");
        createOutlookAccount(base, address, 1, null);
        GraphServiceClient c = client(base, signIn(base, address).getAccessToken().getValue());
        try (Webhook hook = new Webhook()) {
            Subscription created = c.subscriptions().post(inboxSubscription(hook, "s3cret-state"));
            assertEquals(2, hook.validations.size(), "notification and lifecycle URLs are both validated");
            assertTrue(hook.validations.get(0).startsWith("Validation: "), hook.validations.get(0));

            JsonNode listed = control(base, "GET", "/_sandbox/subscriptions", null);
            JsonNode mine = null;
            for (JsonNode s : listed) {
                if (s.get("id").asText().equals(created.getId())) {
                    mine = s;
                }
            }
            assertTrue(mine != null, listed::toString);
            assertEquals(address, mine.get("mailbox").asText());
            assertEquals(hook.url("/notify"), mine.get("notificationUrl").asText());
            assertEquals(hook.url("/lifecycle"), mine.get("lifecycleNotificationUrl").asText());

            String id = deliver(base, address, "Ping");
            await("created notification", Duration.ofSeconds(10), () -> hook.notifications.stream()
                    .anyMatch(n -> n.path("resourceData").path("id").asText().equals(id)));
            JsonNode n = hook.notifications.stream().filter(x -> x.path("resourceData").path("id").asText()
                    .equals(id)).findFirst().orElseThrow();
            assertEquals("s3cret-state", n.get("clientState").asText());
            assertEquals(created.getId(), n.get("subscriptionId").asText());
            assertEquals("created", n.get("changeType").asText());
            assertEquals("#Microsoft.Graph.Message", n.path("resourceData").path("@odata.type").asText());
            assertTrue(n.get("resource").asText().endsWith("/Messages/" + id), n.toString());
            assertFalse(n.path("tenantId").asText().isEmpty());

            control(base, "POST", "/_sandbox/accounts/" + address + "/messages/" + id + "/read", Map.of("read",
                    true));
            await("updated notification", Duration.ofSeconds(10), () -> hook.notifications.stream()
                    .anyMatch(x -> x.path("changeType").asText().equals("updated")
                            && x.path("resourceData").path("id").asText().equals(id)));

            control(base, "POST", "/_sandbox/subscriptions/" + created.getId() + "/lifecycle", Map.of("event",
                    "reauthorizationRequired"));
            await("lifecycle notification", Duration.ofSeconds(10), () -> hook.notifications.stream()
                    .anyMatch(x -> x.path("lifecycleEvent").asText().equals("reauthorizationRequired")
                            && x.path("subscriptionId").asText().equals(created.getId())
                            && x.path("clientState").asText().equals("s3cret-state")));

            Subscription renewal = new Subscription();
            OffsetDateTime later = OffsetDateTime.now().plusHours(60);
            renewal.setExpirationDateTime(later);
            Subscription renewed = c.subscriptions().bySubscriptionId(created.getId()).patch(renewal);
            assertEquals(later.toInstant().getEpochSecond(), renewed.getExpirationDateTime().toInstant()
                    .getEpochSecond());

            Subscription tooLong = new Subscription();
            tooLong.setExpirationDateTime(OffsetDateTime.now().plusDays(5));
            ODataError e = assertThrows(ODataError.class, () -> c.subscriptions().bySubscriptionId(created.getId())
                    .patch(tooLong));
            assertEquals(400, e.getResponseStatusCode());

            c.subscriptions().bySubscriptionId(created.getId()).delete();
            JsonNode after = control(base, "GET", "/_sandbox/subscriptions", null);
            after.forEach(s -> assertFalse(s.get("id").asText().equals(created.getId())));
            ODataError gone = assertThrows(ODataError.class, () -> c.subscriptions().bySubscriptionId(
                    created.getId()).patch(renewal));
            assertEquals(404, gone.getResponseStatusCode());
        }
    }

    @Test
    void deliveryIsRetriedAndTheProviderCanDropOrRemoveSubscriptions() throws Exception {
        String address = uniqueAddress("retry");
        createOutlookAccount(base, address, 0, null);
        GraphServiceClient c = client(base, signIn(base, address).getAccessToken().getValue());
        try (Webhook hook = new Webhook()) {
            Subscription all = inboxSubscription(hook, "retry-state");
            all.setChangeType("created,updated,deleted");
            Subscription created = c.subscriptions().post(all);
            hook.failNotifications.set(2);
            String id = deliver(base, address, "Retry me");
            await("notification after two refusals", Duration.ofSeconds(15), () -> hook.notifications.stream()
                    .anyMatch(n -> n.path("resourceData").path("id").asText().equals(id)));
            assertEquals(2, hook.rejected.get());

            sandbox.deleteMessage(address, id);
            await("deleted notification", Duration.ofSeconds(10), () -> hook.notifications.stream()
                    .anyMatch(n -> n.path("changeType").asText().equals("deleted")
                            && n.path("resourceData").path("id").asText().equals(id)));

            control(base, "POST", "/_sandbox/subscriptions/" + created.getId() + "/lifecycle", Map.of("event",
                    "subscriptionRemoved"));
            await("subscriptionRemoved", Duration.ofSeconds(10), () -> hook.notifications.stream()
                    .anyMatch(n -> n.path("lifecycleEvent").asText().equals("subscriptionRemoved")));
            for (JsonNode s : control(base, "GET", "/_sandbox/subscriptions", null)) {
                assertFalse(s.get("id").asText().equals(created.getId()), "removed after subscriptionRemoved");
            }

            Subscription second = c.subscriptions().post(inboxSubscription(hook, "two"));
            control(base, "DELETE", "/_sandbox/subscriptions/" + second.getId(), null);
            Subscription renewal = new Subscription();
            renewal.setExpirationDateTime(OffsetDateTime.now().plusHours(10));
            ODataError lost = assertThrows(ODataError.class, () -> c.subscriptions().bySubscriptionId(
                    second.getId()).patch(renewal));
            assertEquals(404, lost.getResponseStatusCode());
            assertEquals(404, call(base, "POST", "/_sandbox/subscriptions/" + second.getId() + "/lifecycle",
                    Map.of("event", "missed")).statusCode());
        }
    }

    @Test
    void creationFailsWhenTheEchoIsWrongOrTheMailboxIsShared() throws Exception {
        String address = uniqueAddress("echo");
        String shared = uniqueAddress("team");
        createOutlookAccount(base, address, 0, null);
        createOutlookAccount(base, shared, 0, List.of(address));
        GraphServiceClient c = client(base, signIn(base, address).getAccessToken().getValue());
        try (Webhook hook = new Webhook()) {
            hook.echo = t -> t + "x";
            ODataError wrong = assertThrows(ODataError.class, () -> c.subscriptions().post(inboxSubscription(hook,
                    "st")));
            assertEquals(400, wrong.getResponseStatusCode());
            assertEquals("ValidationError", wrong.getError().getCode());

            hook.echo = t -> t;
            Subscription tooLong = inboxSubscription(hook, "st");
            tooLong.setExpirationDateTime(OffsetDateTime.now().plusMinutes(4231));
            assertEquals(400, assertThrows(ODataError.class, () -> c.subscriptions().post(tooLong))
                    .getResponseStatusCode());

            Subscription onShared = inboxSubscription(hook, "st");
            onShared.setResource("users/" + shared + "/mailFolders('inbox')/messages");
            ODataError denied = assertThrows(ODataError.class, () -> c.subscriptions().post(onShared));
            assertEquals(403, denied.getResponseStatusCode());
            for (JsonNode s : control(base, "GET", "/_sandbox/subscriptions", null)) {
                assertFalse(s.get("mailbox").asText().equalsIgnoreCase(address), s::toString);
                assertFalse(s.get("mailbox").asText().equalsIgnoreCase(shared), s::toString);
            }
        }
    }

    @Test
    void fifthConcurrentRequestOnAMailboxIsThrottledWithRetryAfter() throws Exception {
        String address = uniqueAddress("busy");
        createOutlookAccount(base, address, 0, null);
        GraphServiceClient c = client(base, signIn(base, address).getAccessToken().getValue());
        sandbox.quotas(true);
        ExecutorService pool = Executors.newFixedThreadPool(GraphThrottle.CONCURRENCY);
        try (Webhook hook = new Webhook()) {
            hook.hold = new CountDownLatch(1);
            List<CompletableFuture<Subscription>> running = new ArrayList<>();
            for (int i = 0; i < GraphThrottle.CONCURRENCY; i++) {
                Subscription s = inboxSubscription(hook, "c" + i);
                s.setLifecycleNotificationUrl(null);
                running.add(CompletableFuture.supplyAsync(() -> c.subscriptions().post(s), pool));
            }
            await("four requests in flight", Duration.ofSeconds(10),
                    () -> hook.validations.size() == GraphThrottle.CONCURRENCY);

            ODataError throttled = assertThrows(ODataError.class, () -> c.me().get(rc ->
                    rc.options.add(new RetryHandlerOption(null, 0, 0))));
            assertEquals(429, throttled.getResponseStatusCode());
            assertEquals("ApplicationThrottled", throttled.getError().getCode());
            assertTrue(throttled.getError().getMessage().contains("MailboxConcurrency"));
            String retryAfter = throttled.getResponseHeaders().get("Retry-After").iterator().next();
            assertTrue(Integer.parseInt(retryAfter) >= 1, retryAfter);

            hook.hold.countDown();
            for (CompletableFuture<Subscription> f : running) {
                assertTrue(f.get().getId() != null);
            }
            assertEquals(address, c.me().get().getMail(), "the mailbox serves again once the slots are free");
        } finally {
            pool.shutdownNow();
        }
    }
}
