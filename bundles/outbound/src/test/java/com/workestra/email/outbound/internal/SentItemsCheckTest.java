package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Message-ID of a raw message, as the Sent Items check compares it. */
class SentItemsCheckTest {

    private static byte[] raw(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsTheHeaderFoldedOrNotAndNeverFromTheBody() {
        assertEquals("<a1@x.test>", SentItemsCheck.messageIdOf(raw("From: a@x.test\r\nMessage-ID: <a1@x.test>\r\n\r\n"
                + "body")));
        assertEquals("<a2@x.test>", SentItemsCheck.messageIdOf(raw("Message-Id:\r\n <a2@x.test>\r\nSubject: s\r\n\r\n")));
        assertNull(SentItemsCheck.messageIdOf(raw("Subject: s\r\n\r\nMessage-ID: <not-a-header@x.test>\r\n")));
        assertNull(SentItemsCheck.messageIdOf(null));
    }
}
