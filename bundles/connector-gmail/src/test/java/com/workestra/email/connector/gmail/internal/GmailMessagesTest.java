package com.workestra.email.connector.gmail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.RemoteMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Label mapping, the {@code after:} query and the DS registration of the mail operations. */
class GmailMessagesTest {

    @Test
    void labelsBecomeFoldersAndReadState() {
        RemoteMessage m = GmailMessages.remote("m1", "t1", List.of("INBOX", "UNREAD", "IMPORTANT", "Label_7"),
                1_700_000_000_123L, 2048);
        assertEquals(Set.of("inbox", "important", "label_7"), m.folders());
        assertFalse(m.read());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), m.receivedAt());
        assertEquals(2048, m.sizeBytes());

        RemoteMessage sent = GmailMessages.remote("m2", "t2", List.of("SENT"), null, null);
        assertEquals(Set.of("sent"), sent.folders());
        assertTrue(sent.read());
        assertNull(sent.receivedAt());
        assertEquals(-1, sent.sizeBytes());
    }

    @Test
    void foldersMapToSystemLabels() {
        assertEquals("INBOX", GmailMessages.labelOf("inbox"));
        assertEquals("SENT", GmailMessages.labelOf("Sent"));
        assertNull(GmailMessages.labelOf(null));
        assertThrows(IllegalArgumentException.class, () -> GmailMessages.labelOf("drafts"));
    }

    @Test
    void afterNeverMissesTheSinceInstant() {
        // Gmail's after: is exclusive and in whole seconds
        assertEquals("after:1699999999", ListMessages.afterQuery(Instant.ofEpochSecond(1_700_000_000L)));
        assertEquals("after:1700000000", ListMessages.afterQuery(Instant.ofEpochSecond(1_700_000_000L, 1)));
        assertEquals("after:1700000000", ListMessages.afterQuery(Instant.ofEpochMilli(1_700_000_000_999L)));
    }

    @Test
    void registeredAsConnectorAndMailboxOperations() throws Exception {
        String xml;
        try (InputStream in = getClass().getResourceAsStream(
                "/OSGI-INF/com.workestra.email.connector.gmail.internal.GmailConnector.xml")) {
            if (in == null) {
                throw new AssertionError("the DS descriptor was not generated");
            }
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml.contains("<provide interface=\"com.workestra.email.spi.MailConnector\"/>"), xml);
        assertTrue(xml.contains("<provide interface=\"com.workestra.email.spi.MailboxOperations\"/>"), xml);
        assertTrue(xml.contains("name=\"provider\"") && xml.contains("value=\"gmail\""), xml);
    }
}
