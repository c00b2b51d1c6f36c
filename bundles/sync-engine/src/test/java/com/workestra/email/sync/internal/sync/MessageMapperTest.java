package com.workestra.email.sync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.RemoteMessage;
import com.workestra.email.store.MessageData;
import com.workestra.email.sync.internal.mime.MimeLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mapped record keeps the Reply-To mailboxes among the headers of interest. */
class MessageMapperTest {

    private final MessageMapper mapper = new MessageMapper(MimeLimits.DEFAULTS);

    private MessageData map(String... headerLines) {
        String raw = String.join("\r\n", headerLines) + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHello\r\n";
        return mapper.map(new FetchedMessage(new RemoteMessage("p1", "t1", Set.of("inbox"), false,
                Instant.parse("2026-11-01T10:00:00Z"), 0), raw.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void replyToIsStoredDecodedAndFormatted() {
        String encoded = Base64.getEncoder().encodeToString("Zoë Support".getBytes(StandardCharsets.UTF_8));
        MessageData m = map("From: Sales <Sales@Shop.test>", "To: me@x.test", "Subject: Offer",
                "Reply-To: =?UTF-8?B?" + encoded + "?= <Help@Shop.test>, other@shop.test,",
                " \"Doe, Jane\" <jane@shop.test>", "List-Id: <offers.shop.test>");

        assertEquals("Zoë Support <help@shop.test>, other@shop.test, \"Doe, Jane\" <jane@shop.test>",
                m.headers().get("Reply-To"));
        assertEquals("<offers.shop.test>", m.headers().get("List-Id"), "other headers of interest stay");
        assertEquals(new MessageData.Address("sales@shop.test", "Sales"), m.from());
    }

    @Test
    void noReplyToNoHeader() {
        MessageData m = map("From: a@x.test", "To: b@x.test", "Subject: Hi");

        assertFalse(m.headers().containsKey("Reply-To"));
    }
}
