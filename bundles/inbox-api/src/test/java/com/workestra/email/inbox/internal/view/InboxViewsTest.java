package com.workestra.email.inbox.internal.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.inbox.internal.view.InboxViews.NotificationBody;
import com.workestra.email.store.InboxStore;
import com.workestra.email.store.InboxStore.StoredMessage;
import com.workestra.email.store.MessageData.Address;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused with 400 naming the field before anything reaches the store; views carry compose drafts. */
class InboxViewsTest {

    private static final Caller CALLER = new Caller("ws", "u1", "u1@x.test", "U", false);
    private static final Caller MODULE = new Caller("ws", "service:crm", "crm@x.test", "CRM", false, true);
    /** A store that must not be reached. */
    private static final InboxStore UNREACHED = (InboxStore) Proxy.newProxyInstance(
            InboxViewsTest.class.getClassLoader(), new Class<?>[] {InboxStore.class}, (p, m, a) -> {
                throw new AssertionError("the store was called: " + m.getName());
            });
    private final InboxViews views = new InboxViews(UNREACHED, Clock.systemUTC());

    private static void field(String field, Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(400, e.status());
        assertEquals(field, e.details().get("field"));
    }

    @Test
    void feedParameters() {
        field("tab", () -> views.feed(CALLER, "spam", null, null, null, null));
        field("tab", () -> views.feed(CALLER, "module:billing", null, null, null, null));
        field("limit", () -> views.feed(CALLER, "all", null, null, null, "0"));
        field("limit", () -> views.feed(CALLER, "all", null, null, null, "101"));
        field("limit", () -> views.feed(CALLER, "all", null, null, null, "ten"));
        field("q", () -> views.feed(CALLER, "all", null, "x".repeat(201), null, null));
    }

    @Test
    void readAndNotificationBodies() {
        field("read", () -> views.markRead(CALLER, "m1", null));
        // a user who is neither admin nor a host module is refused before the body is looked at
        ApiException refused = assertThrows(ApiException.class, () -> views.notify(CALLER,
                new NotificationBody("mention", "crm", "t", null, "u2", "deal:1")));
        assertEquals(403, refused.status());
        assertEquals("host_module_required", refused.code());
        field("body", () -> views.notify(MODULE, null));
        field("kind", () -> views.notify(MODULE, new NotificationBody("shout", "crm", "t", null, "u2", "deal:1")));
        field("module", () -> views.notify(MODULE, new NotificationBody("mention", "CRM!", "t", null, "u2", "d")));
        field("title", () -> views.notify(MODULE, new NotificationBody("mention", "crm", " ", null, "u2", "d")));
        field("body", () -> views.notify(MODULE, new NotificationBody("mention", "crm", "t", "b".repeat(2001), "u2",
                "d")));
        field("userId", () -> views.notify(MODULE, new NotificationBody("assigned", "crm", "t", null, null, "d")));
        field("objectRef", () -> views.notify(MODULE, new NotificationBody("activity", "crm", "t", null, "u2", "")));
    }

    @Test
    void messageViewCarriesComposeDraftsAgainstEveryOwnAddress() {
        Address me = new Address("me@work.test", "Me");
        Address ana = new Address("ana@acme.test", "Ana");
        StoredMessage m = new StoredMessage("m1", "t1", "c1", List.of("inbox"), true, Instant.EPOCH, "Plan", ana,
                List.of(me, new Address("me@home.test", null)), List.of(new Address("bob@acme.test", null)),
                List.of(), null, null, List.of(), Map.of("reply-to", "Desk <desk@acme.test>"), "x", null, List.of(),
                List.of());
        InboxStore store = (InboxStore) Proxy.newProxyInstance(InboxViewsTest.class.getClassLoader(),
                new Class<?>[] {InboxStore.class}, (p, method, a) -> switch (method.getName()) {
                    case "message" -> Optional.of(m);
                    case "ownAddresses" -> Map.of("c1", "me@work.test", "c2", "me@home.test");
                    default -> throw new AssertionError(method.getName());
                });

        MessageView view = new InboxViews(store, Clock.systemUTC()).message(CALLER, "m1", false);

        assertEquals("Desk <desk@acme.test>", view.headers().get("reply-to"));
        assertEquals(List.of(new Address("desk@acme.test", "Desk")), view.compose().reply().to());
        assertEquals(List.of(new Address("bob@acme.test", null)), view.compose().replyAll().cc());
        assertEquals("Re: Plan", view.compose().replyAll().subject());
        assertEquals("Fwd: Plan", view.compose().forward().subject());
    }

    @Test
    void overlongIdsAreNotFound() {
        ApiException e = assertThrows(ApiException.class, () -> views.message(CALLER, "x".repeat(37), false));
        assertEquals(404, e.status());
    }
}
