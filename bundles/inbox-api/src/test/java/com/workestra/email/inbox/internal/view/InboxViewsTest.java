package com.workestra.email.inbox.internal.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.inbox.internal.view.InboxViews.NotificationBody;
import com.workestra.email.store.InboxStore;
import java.lang.reflect.Proxy;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused with 400 naming the field before anything reaches the store. */
class InboxViewsTest {

    private static final Caller CALLER = new Caller("ws", "u1", "u1@x.test", "U", false);
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
        field("body", () -> views.notify(CALLER, null));
        field("kind", () -> views.notify(CALLER, new NotificationBody("shout", "crm", "t", null, "u2", "deal:1")));
        field("module", () -> views.notify(CALLER, new NotificationBody("mention", "CRM!", "t", null, "u2", "d")));
        field("title", () -> views.notify(CALLER, new NotificationBody("mention", "crm", " ", null, "u2", "d")));
        field("body", () -> views.notify(CALLER, new NotificationBody("mention", "crm", "t", "b".repeat(2001), "u2",
                "d")));
        field("userId", () -> views.notify(CALLER, new NotificationBody("assigned", "crm", "t", null, null, "d")));
        field("objectRef", () -> views.notify(CALLER, new NotificationBody("activity", "crm", "t", null, "u2", "")));
    }

    @Test
    void overlongIdsAreNotFound() {
        ApiException e = assertThrows(ApiException.class, () -> views.message(CALLER, "x".repeat(37), false));
        assertEquals(404, e.status());
    }
}
