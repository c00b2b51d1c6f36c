package com.workestra.email.sync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Stack traces of set-aside messages are logged without the secrets their messages quoted. */
class RedactionTest {

    @Test
    void messagesAreRedactedAndStackFramesKept() {
        IllegalStateException cause = new IllegalStateException("refresh_token=1//0gLongRefreshTokenValue password: hunter2");
        RuntimeException e = new RuntimeException("GET /users/me/messages/x failed, Authorization: Bearer ya29.tok"
                + "enValue, client_secret=\"abc\"; sig " + "A".repeat(60), cause);
        Throwable r = Redaction.redacted(e);
        String all = r.getMessage() + " " + r.getCause().getMessage();
        for (String secret : new String[] {"ya29.tokenValue", "1//0gLongRefreshTokenValue", "hunter2", "\"abc\"",
                "A".repeat(60)}) {
            assertFalse(all.contains(secret), secret + " in " + all);
        }
        assertTrue(all.contains("GET /users/me/messages/x failed"), all);
        assertTrue(r.getMessage().startsWith("java.lang.RuntimeException: "), r.getMessage());
        assertArrayEquals(e.getStackTrace(), r.getStackTrace());
        assertArrayEquals(cause.getStackTrace(), r.getCause().getStackTrace());
        assertTrue(Redaction.reason(e).startsWith("RuntimeException: GET"), Redaction.reason(e));
    }
}
