package com.workestra.email.sandbox.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/** The per-app-and-mailbox request window and the per-mailbox concurrency limit. */
class GraphThrottleTest {

    @Test
    void windowAllowsTenThousandRequestsPerAppAndMailboxThenAnswers429() {
        GraphThrottle t = new GraphThrottle();
        for (int i = 0; i < GraphThrottle.WINDOW_LIMIT; i++) {
            ((GraphThrottle.Slot) t.acquire("app", "box@contoso.test")).close();
        }
        GraphResponse refused = assertInstanceOf(GraphResponse.class, t.acquire("app", "BOX@contoso.test"));
        assertEquals(429, refused.status);
        long retryAfter = Long.parseLong(refused.headers.get("Retry-After"));
        assertEquals(true, retryAfter >= 1 && retryAfter <= GraphThrottle.WINDOW.toSeconds());
        // Another application, or another mailbox, has its own window.
        assertInstanceOf(GraphThrottle.Slot.class, t.acquire("other-app", "box@contoso.test"));
        assertInstanceOf(GraphThrottle.Slot.class, t.acquire("app", "else@contoso.test"));
    }

    @Test
    void concurrencyIsPerMailboxAndFreedOnClose() {
        GraphThrottle t = new GraphThrottle();
        GraphThrottle.Slot[] held = new GraphThrottle.Slot[GraphThrottle.CONCURRENCY];
        for (int i = 0; i < held.length; i++) {
            held[i] = (GraphThrottle.Slot) t.acquire("app" + i, "box@contoso.test");
        }
        GraphResponse busy = assertInstanceOf(GraphResponse.class, t.acquire("app", "box@contoso.test"));
        assertEquals("1", busy.headers.get("Retry-After"));
        held[0].close();
        assertInstanceOf(GraphThrottle.Slot.class, t.acquire("app", "box@contoso.test"));
    }
}
