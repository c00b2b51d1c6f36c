package com.workestra.email.sandbox.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.sandbox.Provider;
import com.workestra.email.sandbox.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratedMailboxTest {

    static final Instant UNTIL = Instant.parse("2026-11-20T12:00:00Z");

    private static Mailbox create(MailStore store, String address, int n, long seed) {
        return store.create(AccountSpec.of(Provider.GMAIL, address).withMessages(n, seed).withUntil(UNTIL));
    }

    private static MailStore store() {
        return new MailStore(new Settings(), Clock.systemUTC());
    }

    @Test
    void sameSeedGivesSameIdsAndBytes() {
        Mailbox a = create(store(), "dana@example.test", 400, 42);
        Mailbox b = create(store(), "dana@example.test", 400, 42);
        Mailbox c = create(store(), "dana@example.test", 400, 43);
        List<StoredMessage> ma = a.messages();
        List<StoredMessage> mb = b.messages();
        assertEquals(400, ma.size());
        for (int i = 0; i < ma.size(); i++) {
            assertEquals(ma.get(i).id(), mb.get(i).id());
            assertEquals(ma.get(i).threadId(), mb.get(i).threadId());
            assertEquals(ma.get(i).labels(), mb.get(i).labels());
            assertArrayEquals(ma.get(i).raw(), mb.get(i).raw());
        }
        assertNotEquals(new String(ma.get(10).raw(), StandardCharsets.ISO_8859_1),
                new String(c.messages().get(10).raw(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void mailboxIsRealistic() {
        Mailbox box = create(store(), "dana@example.test", 600, 7);
        Set<String> charsets = new HashSet<>();
        Map<String, Integer> perThread = new HashMap<>();
        int alternative = 0;
        int attachments = 0;
        int encodedWords = 0;
        int replies = 0;
        for (StoredMessage m : box.messages()) {
            String raw = new String(m.raw(), StandardCharsets.ISO_8859_1);
            Rfc822.Headers h = Rfc822.headers(m.raw());
            assertNotNull(h.first("Date"));
            assertEquals(m.internetMessageId(), h.first("Message-ID"));
            assertEquals(m, box.byInternetMessageId(m.internetMessageId()));
            perThread.merge(m.threadId(), 1, Integer::sum);
            String inReplyTo = h.first("In-Reply-To");
            if (inReplyTo != null) {
                replies++;
                StoredMessage parent = box.byInternetMessageId(inReplyTo);
                assertEquals(m.threadId(), parent.threadId(), "a reply lives in its parent's thread");
                assertTrue(h.first("References").contains(inReplyTo));
            }
            alternative += raw.contains("multipart/alternative") ? 1 : 0;
            attachments += raw.contains("Content-Disposition: attachment") ? 1 : 0;
            encodedWords += h.first("Subject").contains("=?") ? 1 : 0;
            java.util.regex.Matcher cs = java.util.regex.Pattern.compile("charset=\"([^\"]+)\"").matcher(raw);
            while (cs.find()) {
                charsets.add(cs.group(1));
            }
            assertEquals(m.fromOwner(), h.first("From").contains("dana@example.test"));
            assertEquals(m.fromOwner(), m.folder() == Folder.SENTITEMS);
        }
        assertTrue(perThread.values().stream().anyMatch(n -> n >= 3), "threads of several messages");
        assertTrue(replies > 100 && alternative > 200 && attachments > 30 && encodedWords > 50,
                replies + " " + alternative + " " + attachments + " " + encodedWords);
        assertTrue(charsets.containsAll(List.of("UTF-8", "ISO-8859-1", "windows-1252")), charsets.toString());
        assertTrue(box.unreadCount() > 0 && box.unreadCount() < box.inboxCount());
        assertTrue(box.sentCount() > 0);
        assertEquals(600, box.inboxCount() + box.sentCount());
        assertTrue(box.messages().get(599).receivedMillis() <= UNTIL.toEpochMilli());
        assertTrue(box.messages().get(0).receivedMillis() >= UNTIL.minusSeconds(30 * 86_400L).toEpochMilli());
    }

    @Test
    void rendersNonAsciiHeadersThatDecodeBack() {
        Mailbox box = create(store(), "dana@example.test", 300, 9);
        boolean sawNonAscii = false;
        for (StoredMessage m : box.messages()) {
            String subject = Rfc822.decode(Rfc822.headers(m.raw()).first("Subject"));
            assertTrue(!subject.contains("=?"), subject);
            sawNonAscii |= !Rfc822.isAscii(subject);
        }
        assertTrue(sawNonAscii);
    }

    @Test
    void twoHundredThousandMessagesStayCompact() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        Mailbox box = create(store(), "big@example.test", 200_000, 1);
        System.gc();
        long used = rt.totalMemory() - rt.freeMemory() - before;
        assertEquals(200_000, box.messageCount());
        assertTrue(used < 80L * 1024 * 1024, "heap used by 200k messages: " + used / 1024 / 1024 + " MB");
        StoredMessage newest = box.newestFirst(Integer.MAX_VALUE, 1, m -> true).get(0);
        assertEquals(newest, box.message(newest.id()));
        assertTrue(newest.raw().length > 300);
        assertEquals(199_999, newest.sequence());
        assertEquals(100, box.newestFirst(150_000, 100, m -> true).size());
    }

    @Test
    void changesAndCursorExpiry() {
        Mailbox box = create(store(), "dana@example.test", 10, 1);
        long h0 = box.historyId();
        StoredMessage m = box.deliver(("From: x@example.org\r\nSubject: hi\r\nMessage-ID: <abc@example.org>\r\n\r\n"
                + "body\r\n").getBytes(StandardCharsets.US_ASCII));
        box.setRead(m.id(), true);
        List<Change> changes = box.changesSince(h0);
        assertEquals(List.of(ChangeKind.ADDED, ChangeKind.UPDATED), changes.stream().map(Change::kind).toList());
        assertTrue(changes.get(1).readChanged());
        assertEquals(List.of(Labels.UNREAD), changes.get(1).labelsRemoved());
        assertEquals("<abc@example.org>", m.internetMessageId());
        box.expireHistory();
        assertEquals(null, box.changesSince(h0));
        assertEquals(List.of(), box.changesSince(box.historyId()));
    }
}
