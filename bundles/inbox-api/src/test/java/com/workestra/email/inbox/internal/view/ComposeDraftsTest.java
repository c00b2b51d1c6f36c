package com.workestra.email.inbox.internal.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.workestra.email.inbox.internal.view.ComposeDrafts.Draft;
import com.workestra.email.store.InboxStore.StoredMessage;
import com.workestra.email.store.MessageData.Address;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reply, reply-all and forward drafts follow what mail clients do. */
class ComposeDraftsTest {

    private static final String MAILBOX = "me@work.test";
    private static final Set<String> OWN = Set.of(MAILBOX, "Me@Home.Test", "team@work.test");
    private static final Address ANA = new Address("ana@acme.test", "Ana");
    private static final Address BOB = new Address("bob@acme.test", "Bob");
    private static final Address CAROL = new Address("carol@acme.test", null);
    private static final Address ME = new Address(MAILBOX, "Me");

    private static StoredMessage message(List<String> folders, String subject, Address from, List<Address> to,
            List<Address> cc, Map<String, String> headers) {
        return new StoredMessage("m1", "t1", "c1", folders, false, Instant.parse("2026-11-01T10:00:00Z"), subject,
                from, to, cc, List.of(), "id@acme.test", null, List.of(), headers, "text", null, List.of(),
                List.of());
    }

    private static StoredMessage received(String subject, Map<String, String> headers) {
        return message(List.of("inbox"), subject, ANA, List.of(ME, BOB), List.of(CAROL), headers);
    }

    private static ComposeDrafts drafts(StoredMessage m) {
        return ComposeDrafts.of(m, MAILBOX, OWN);
    }

    @Test
    void replyGoesToFromAndReplyAllCopiesTheOthers() {
        ComposeDrafts d = drafts(received("Offer", Map.of()));

        assertEquals(new Draft(List.of(ANA), List.of(), "Re: Offer"), d.reply());
        assertEquals(new Draft(List.of(ANA), List.of(BOB, CAROL), "Re: Offer"), d.replyAll());
        assertEquals("Fwd: Offer", d.forward().subject());
    }

    @Test
    void replyToWinsOverFrom() {
        ComposeDrafts d = drafts(received("Offer", Map.of("reply-to",
                "Zoë Support <help@acme.test>, \"Doe, Jane \\\"JD\\\"\" <Jane@Acme.test>, bob@acme.test")));

        List<Address> replyTo = List.of(new Address("help@acme.test", "Zoë Support"),
                new Address("jane@acme.test", "Doe, Jane \"JD\""), new Address("bob@acme.test", null));
        assertEquals(replyTo, d.reply().to());
        assertEquals(replyTo, d.replyAll().to());
        // Bob is already a recipient; Ana (the From) is not asked to reply to
        assertEquals(List.of(CAROL), d.replyAll().cc());
    }

    @Test
    void ownSentMessageRepliesToItsRecipients() {
        StoredMessage sent = message(List.of("sent"), "Plan", ME, List.of(BOB, ANA), List.of(CAROL, ME),
                Map.of("reply-to", "ignored@acme.test"));
        ComposeDrafts d = drafts(sent);
        assertEquals(new Draft(List.of(BOB, ANA), List.of(), "Re: Plan"), d.reply());
        assertEquals(new Draft(List.of(BOB, ANA), List.of(CAROL), "Re: Plan"), d.replyAll());

        // from the mailbox's own address (any case) without a sent folder: still own mail
        StoredMessage fromMe = message(List.of("inbox"), "Plan", new Address("ME@work.test", null), List.of(BOB),
                List.of(), Map.of());
        assertEquals(List.of(BOB), drafts(fromMe).reply().to());

        // a note to self answers yourself
        StoredMessage toSelf = message(List.of("sent"), "Note", ME, List.of(ME), List.of(), Map.of());
        assertEquals(List.of(ME), drafts(toSelf).reply().to());
    }

    @Test
    void replyAllLeavesOutEveryOwnAddressAndDuplicates() {
        StoredMessage m = message(List.of("inbox"), "Hi", ANA,
                List.of(ME, new Address("BOB@acme.test", "Bobby"), new Address("me@home.test", "Me at home")),
                List.of(BOB, new Address("TEAM@work.test", "Team"), CAROL, new Address("Ana@Acme.test", "A"),
                        new Address("carol@acme.test", "Carol")), Map.of());
        ComposeDrafts d = drafts(m);

        assertEquals(List.of(ANA), d.replyAll().to());
        assertEquals(List.of(new Address("BOB@acme.test", "Bobby"), CAROL), d.replyAll().cc(),
                "first display name kept; own addresses of every mailbox and the sender left out");
    }

    @Test
    void subjectPrefixesAreNotDoubled() {
        assertEquals("Re: Offer", drafts(received("Re: Offer", Map.of())).reply().subject());
        assertEquals("RE:Offer", drafts(received("RE:Offer", Map.of())).reply().subject());
        assertEquals("re  : Offer", drafts(received("re  : Offer", Map.of())).reply().subject());
        assertEquals("Aw: Angebot", drafts(received("Aw: Angebot", Map.of())).reply().subject());
        assertEquals("SV: Tilbud", drafts(received("SV: Tilbud", Map.of())).replyAll().subject());
        assertEquals("Re: Fwd: Offer", drafts(received("Fwd: Offer", Map.of())).reply().subject());
        assertEquals("Re: Reply needed", drafts(received("Reply needed", Map.of())).reply().subject());

        assertEquals("Fwd: Offer", drafts(received("Fwd: Offer", Map.of())).forward().subject());
        assertEquals("FW: Offer", drafts(received("FW: Offer", Map.of())).forward().subject());
        assertEquals("WG: Angebot", drafts(received("WG: Angebot", Map.of())).forward().subject());
        assertEquals("Fwd: Re: Offer", drafts(received("Re: Offer", Map.of())).forward().subject());
    }

    @Test
    void missingSubject() {
        for (String subject : new String[] {null, "", "   "}) {
            ComposeDrafts d = drafts(received(subject, Map.of()));
            assertEquals("Re:", d.reply().subject());
            assertEquals("Re:", d.replyAll().subject());
            assertEquals("Fwd:", d.forward().subject());
        }
    }

    @Test
    void noSenderNoReplyToMeansNoReplyRecipient() {
        StoredMessage m = message(List.of("inbox"), "x", null, List.of(ME, BOB), List.of(), Map.of());
        ComposeDrafts d = ComposeDrafts.of(m, null, Set.of());

        assertEquals(List.of(), d.reply().to());
        assertEquals(List.of(ME, BOB), d.replyAll().cc(), "no own addresses known: nobody left out");
    }
}
