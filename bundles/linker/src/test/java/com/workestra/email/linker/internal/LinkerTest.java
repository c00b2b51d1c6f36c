package com.workestra.email.linker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.HostPerson;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.LinkStore.Target;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageData.Address;
import com.workestra.email.store.MessageData.Attachment;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The linker on the real store (H2 and PostgreSQL): address links with deals, exclusion of own addresses and domains,
 * retroactive linking of a contact created later, support intake (one ticket per conversation, replies appended,
 * machine mail ignored) and recruiting applications with their attachment metadata.
 */
class LinkerTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final String WS = "ws1";

    private record Env(StoreFixture stores, LinkStore links, FakeHost host, Linker linker, String personal,
            String intake, String recruiting, String otherUser) {

        void run() {
            // a second run drains what a first left (relinks are processed after the walk)
            linker.run(new HostDirectories(host, host, host));
            linker.run(new HostDirectories(host, host, host));
        }

        Set<Target> links(String messageId) {
            return Set.copyOf(links.links(messageId));
        }
    }

    private interface Body {
        void run(Env env) throws Exception;
    }

    private static void with(String kind, Body body) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); StoreFixture stores = new StoreFixture(db.dataSource())) {
            String personal = connect(stores, "u1", "me@acme.test", "personal");
            String intake = connect(stores, "u1", "help@acme.test", "shared");
            stores.connections().setIntake(intake, "support");
            String jobs = connect(stores, "u1", "jobs@acme.test", "shared");
            stores.connections().setIntake(jobs, "recruiting");
            String other = connect(stores, "u2", "colleague@gmail.test", "personal");
            Linker linker = new Linker(stores.links(), new Counterparties(List.of("acme.test", "@acme-corp.test")),
                    new Linker.Settings(50, Duration.ZERO, 5, 2, Duration.ofMinutes(1)),
                    Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)), "test-node");
            body.run(new Env(stores, stores.links(), new FakeHost(), linker, personal, intake, jobs, other));
        }
    }

    private static String connect(StoreFixture stores, String user, String address, String kind) {
        return stores.connections().connect(new NewConnection(WS, user, "gmail", address, address, address, kind,
                null), null, T0).id();
    }

    private static int seq;

    /** Stores one message and returns its id. */
    private static String deliver(Env env, String connection, Msg m) {
        env.stores().messages().apply(connection, List.of(data(m)), List.of(), List.of(), null);
        return id(env, connection, m);
    }

    private static String id(Env env, String connection, Msg m) {
        return env.links().messagesWithAddresses(WS, List.of(m.from), "", 10_000).stream()
                .filter(s -> s.connectionId().equals(connection) && s.internetMessageId() != null
                        && s.internetMessageId().equals(m.messageId))
                .findFirst().orElseThrow().id();
    }

    private static MessageData data(Msg m) {
        seq++;
        Map<String, String> headers = new HashMap<>(m.headers);
        MessageData data = new MessageData("p" + seq, m.thread, Set.of(m.sent ? "sent" : "inbox"), false,
                T0.plusSeconds(seq), m.messageId, m.inReplyTo, m.inReplyTo == null ? List.of() : List.of(m.inReplyTo),
                m.subject, new Address(m.from, null), m.to.stream().map(a -> new Address(a, null)).toList(),
                m.cc.stream().map(a -> new Address(a, null)).toList(), List.of(), "snippet", "text", null, 100,
                m.attachments, headers, List.of());
        return data;
    }

    /** A message under construction. */
    private static final class Msg {
        String from;
        List<String> to = new ArrayList<>();
        List<String> cc = new ArrayList<>();
        String subject = "Hello";
        String thread;
        String messageId = "m" + System.nanoTime() + "@mail.test";
        String inReplyTo;
        boolean sent;
        Map<String, String> headers = new HashMap<>();
        List<Attachment> attachments = new ArrayList<>();

        static Msg from(String from, String... to) {
            Msg m = new Msg();
            m.from = from;
            m.to.addAll(List.of(to));
            return m;
        }

        Msg cc(String... a) {
            cc.addAll(List.of(a));
            return this;
        }

        Msg subject(String s) {
            subject = s;
            return this;
        }

        Msg thread(String t) {
            thread = t;
            return this;
        }

        Msg replyTo(String id) {
            inReplyTo = id;
            return this;
        }

        Msg sent() {
            sent = true;
            return this;
        }

        Msg header(String n, String v) {
            headers.put(n, v);
            return this;
        }

        Msg attach(String name, String type, long size) {
            attachments.add(new Attachment(String.valueOf(attachments.size() + 2), name, type, size, null, false));
            return this;
        }
    }

    private static Target t(HostPerson p) {
        return new Target(p.module(), p.objectType(), p.objectId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void countersPartiesLinkToContactsDealsAndCandidatesButOwnAddressesNever(String kind) throws Exception {
        with(kind, env -> {
            HostPerson alice = env.host().add("crm", "contact", WS, "Alice", "alice@client.test");
            HostPerson deal = env.host().deal(WS, "Big deal", alice.objectId());
            HostPerson bob = env.host().add("recruiting", "candidate", WS, "Bob", "bob@people.test");
            // the host also knows our own people: they must never be linked
            env.host().add("crm", "contact", WS, "Me", "me@acme.test");
            env.host().add("crm", "contact", WS, "Sales", "sales@eu.acme-corp.test");
            HostPerson colleague = env.host().add("crm", "contact", WS, "Colleague", "colleague@gmail.test");

            String in = deliver(env, env.personal(), Msg.from("alice@client.test", "me@acme.test")
                    .cc("sales@eu.acme-corp.test", "colleague@gmail.test"));
            String out = deliver(env, env.personal(), Msg.from("me@acme.test", "bob@people.test").sent());
            String internal = deliver(env, env.personal(), Msg.from("sales@eu.acme-corp.test", "me@acme.test"));
            env.run();

            assertEquals(Set.of(t(alice), t(deal)), env.links(in), "own mailbox, own domain, other connection");
            assertEquals(Set.of(t(bob)), env.links(out));
            assertEquals(Set.of(), env.links(internal));
            assertFalse(env.links(in).contains(t(colleague)));
            // idempotent: walking again (position reset) adds nothing
            env.links().savePosition(Linker.WALKER, LinkStore.Position.START);
            Linker.RunResult again = env.linker().run(new HostDirectories(env.host(), env.host(), env.host()));
            assertEquals(0, again.links());
            assertTrue(again.messages() >= 3);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aContactCreatedLaterIsLinkedRetroactively(String kind) throws Exception {
        with(kind, env -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(deliver(env, env.personal(), Msg.from("late@client.test", "me@acme.test").subject("n" + i)));
            }
            String unrelated = deliver(env, env.personal(), Msg.from("someone@else.test", "me@acme.test"));
            // late@ wrote to the colleague's mailbox too, but as a recipient only from our own domain: excluded
            String ownOnly = deliver(env, env.personal(), Msg.from("me@acme.test", "help@acme.test").sent());
            env.run();
            ids.forEach(id -> assertEquals(Set.of(), env.links(id)));

            HostPerson late = env.host().add("crm", "contact", WS, "Late", "late@client.test");
            HostPerson deal = env.host().deal(WS, "Late deal", late.objectId());
            new com.workestra.email.linker.internal.component.RelinkListener(env.links()).addressesChanged(late);
            // bounded: two messages per request and run (Settings.relinkBatch = 2), so several runs are needed
            for (int i = 0; i < 5 && !env.links().pendingRelinks(10).isEmpty(); i++) {
                env.linker().run(new HostDirectories(env.host(), env.host(), env.host()));
            }
            assertTrue(env.links().pendingRelinks(10).isEmpty());
            ids.forEach(id -> assertEquals(Set.of(t(late), t(deal)), env.links(id)));
            assertEquals(Set.of(), env.links(unrelated));
            assertEquals(Set.of(), env.links(ownOnly));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void supportIntakeMakesOneTicketPerConversation(String kind) throws Exception {
        with(kind, env -> {
            Msg first = Msg.from("carol@client.test", "help@acme.test").subject("Printer broken").thread("g1");
            String a = deliver(env, env.intake(), first);
            // a second conversation of the same customer
            Msg second = Msg.from("carol@client.test", "help@acme.test").subject("Invoice question").thread("g2");
            String b = deliver(env, env.intake(), second);
            env.run();
            assertEquals(2, env.host().createdTickets.size());
            Target t1 = new Target("support", "ticket", env.host().createdTickets.get(0));
            Target t2 = new Target("support", "ticket", env.host().createdTickets.get(1));
            assertEquals(Set.of(t1), env.links(a));
            assertEquals(Set.of(t2), env.links(b));

            // replies: same provider thread; In-Reply-To from another thread id; a ticket token in the subject
            String r1 = deliver(env, env.intake(), Msg.from("carol@client.test", "help@acme.test")
                    .subject("Re: Printer broken").thread("g1"));
            String ours = deliver(env, env.intake(), Msg.from("help@acme.test", "carol@client.test")
                    .subject("Re: Printer broken").thread("g1").replyTo(first.messageId).sent());
            String r2 = deliver(env, env.intake(), Msg.from("carol@client.test", "help@acme.test")
                    .subject("Re: Invoice question").thread("g9").replyTo(second.messageId));
            String r3 = deliver(env, env.intake(), Msg.from("dan@client.test", "help@acme.test")
                    .subject("About [#" + t1.objectId() + "] as well").thread("g10"));
            // machine mail: out of office, bounce, list mail, and a colleague's mail never open tickets
            String ooo = deliver(env, env.intake(), Msg.from("erin@client.test", "help@acme.test")
                    .subject("Automatic reply: Printer").header("Auto-Submitted", "auto-replied").thread("g11"));
            String bounce = deliver(env, env.intake(), Msg.from("mailer-daemon@mx.client.test", "help@acme.test")
                    .subject("Undelivered Mail").thread("g12"));
            String list = deliver(env, env.intake(), Msg.from("news@vendor.test", "help@acme.test")
                    .header("List-Id", "<news.vendor.test>").thread("g13"));
            String own = deliver(env, env.intake(), Msg.from("me@acme.test", "help@acme.test").thread("g14"));
            env.run();

            assertEquals(2, env.host().createdTickets.size(), "no new ticket: " + env.host().createdTickets);
            assertEquals(Set.of(t1), env.links(r1));
            assertEquals(Set.of(t1), env.links(ours));
            assertEquals(Set.of(t2), env.links(r2));
            assertEquals(Set.of(t1), env.links(r3));
            for (String id : List.of(ooo, bounce, list, own)) {
                assertTrue(env.links(id).stream().noneMatch(x -> x.module().equals("support")), id);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aReplySyncedInTheSameBatchAsItsOriginalJoinsItsTicket(String kind) throws Exception {
        with(kind, env -> {
            Msg first = Msg.from("henry@client.test", "help@acme.test").subject("Login fails").thread("b1");
            MessageData original = data(first);
            Msg reply = Msg.from("henry@client.test", "help@acme.test").subject("Re: Login fails").thread("b2")
                    .replyTo(first.messageId);
            // the reply first in the batch: every row of the batch has the same created_at
            env.stores().messages().apply(env.intake(), List.of(data(reply), original), List.of(), List.of(), null);
            env.run();
            assertEquals(1, env.host().createdTickets.size(), env.host().createdTickets.toString());
            Target ticket = new Target("support", "ticket", env.host().createdTickets.get(0));
            assertEquals(Set.of(ticket), env.links(id(env, env.intake(), first)));
            assertEquals(Set.of(ticket), env.links(id(env, env.intake(), reply)));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void recruitingIntakeRecordsApplicationsWithTheirAttachments(String kind) throws Exception {
        with(kind, env -> {
            String app = deliver(env, env.recruiting(), Msg.from("frank@people.test", "jobs@acme.test")
                    .subject("Application: backend developer").thread("r1")
                    .attach("Frank CV.pdf", "application/pdf", 48_213).attach("cover.txt", "text/plain", 812));
            String followUp = deliver(env, env.recruiting(), Msg.from("frank@people.test", "jobs@acme.test")
                    .subject("Re: Application: backend developer").thread("r1"));
            String ooo = deliver(env, env.recruiting(), Msg.from("grace@people.test", "jobs@acme.test")
                    .header("Precedence", "auto_reply").thread("r2"));
            env.run();

            assertEquals(List.of("frank@people.test"), env.host().applications);
            HostPerson frank = env.host().candidatesByEmail(WS, List.of("frank@people.test")).get(0);
            assertEquals(Set.of(t(frank)), env.links(app));
            assertEquals(Set.of(t(frank)), env.links(followUp));
            assertEquals(Set.of(), env.links(ooo));
            List<LinkStore.ApplicationRow> apps = env.links().applications(WS, "u1", frank.objectId());
            assertEquals(1, apps.size());
            assertEquals(app, apps.get(0).messageId());
            assertEquals(List.of("Frank CV.pdf", "cover.txt"), apps.get(0).files().stream()
                    .map(Attachment::filename).toList());
            assertEquals(48_213, apps.get(0).files().get(0).sizeBytes());
            assertEquals("application/pdf", apps.get(0).files().get(0).contentType());
            // another user never sees it
            assertEquals(List.of(), env.links().applications(WS, "u2", frank.objectId()));
        });
    }

    private static LinkStore.Viewer viewer(String user, String... modules) {
        return new LinkStore.Viewer(WS, user, Set.of(modules));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void panelThreadsShowTheTeamsMailboxesCutToEachOwnersVisibility(String kind) throws Exception {
        with(kind, env -> {
            HostPerson alice = env.host().add("crm", "contact", WS, "Alice", "alice@client.test");
            deliver(env, env.personal(), Msg.from("alice@client.test", "me@acme.test").thread("t1")
                    .subject("Proposal"));
            deliver(env, env.personal(), Msg.from("me@acme.test", "alice@client.test").thread("t1").sent()
                    .subject("Re: Proposal"));
            deliver(env, env.personal(), Msg.from("alice@client.test", "me@acme.test").thread("t2")
                    .subject("Lunch?"));
            // the colleague's mailbox has a thread with alice too
            deliver(env, env.otherUser(), Msg.from("alice@client.test", "colleague@gmail.test").thread("t3")
                    .subject("Private"));
            env.run();

            // own mailbox: in full
            List<LinkStore.ThreadRow> mine = env.links().threads(viewer("u2"), t(alice), 100);
            assertEquals(List.of("Private"), mine.stream().filter(r -> r.owner().userId().equals("u2"))
                    .map(LinkStore.ThreadRow::subject).toList());
            LinkStore.ThreadRow own = mine.stream().filter(r -> r.owner().userId().equals("u2")).findFirst()
                    .orElseThrow();
            assertEquals(LinkStore.OWNER, own.access());
            assertEquals("snippet", own.snippet());
            String t3 = own.threadId();

            // a teammate, at each visibility the owner chooses (applies at once, to threads already linked)
            assertFalse(env.links().setVisibility(WS, "u1", env.otherUser(), LinkStore.EVERYTHING),
                    "only the owner changes it");
            Map<String, String[]> expected = new LinkedHashMap<>();
            // visibility -> {row subject, row snippet, opened subject, opened text}
            expected.put(LinkStore.EVERYTHING, new String[] {"Private", "snippet", "Private", "text"});
            expected.put(LinkStore.SUBJECT, new String[] {"Private", null, "Private", null});
            expected.put(LinkStore.METADATA, new String[] {null, null, null, null});
            for (Map.Entry<String, String[]> e : expected.entrySet()) {
                assertTrue(env.links().setVisibility(WS, "u2", env.otherUser(), e.getKey()));
                List<LinkStore.ThreadRow> rows = env.links().threads(viewer("u1"), t(alice), 100);
                assertEquals(3, rows.size(), e.getKey() + ": " + rows);
                LinkStore.ThreadRow theirs = rows.stream().filter(r -> r.owner().userId().equals("u2")).findFirst()
                        .orElseThrow();
                assertEquals(e.getKey(), theirs.access());
                assertEquals("colleague@gmail.test", theirs.owner().address());
                assertEquals(e.getValue()[0], theirs.subject(), e.getKey());
                assertEquals(e.getValue()[1], theirs.snippet(), e.getKey());
                assertEquals(List.of("alice@client.test", "colleague@gmail.test"), theirs.participants());
                assertFalse(theirs.unread(), "a teammate's read state is not the viewer's");
                LinkStore.PanelThread opened = env.links().panelThread(viewer("u1"), t(alice), t3).orElseThrow();
                assertEquals(1, opened.messages().size());
                LinkStore.PanelMessage m = opened.messages().get(0);
                assertEquals(e.getValue()[2], m.subject(), e.getKey());
                assertEquals(e.getValue()[3], m.text(), e.getKey() + ": the body leaks");
                assertEquals("alice@client.test", m.from().address(), "people are shown at every level");
                assertTrue(m.html() == null && (LinkStore.EVERYTHING.equals(e.getKey()) || m.attachments().isEmpty()));
            }
            assertTrue(env.links().setVisibility(WS, "u2", env.otherUser(), LinkStore.PRIVATE));
            assertEquals(2, env.links().threads(viewer("u1"), t(alice), 100).size(), "private: nothing");
            assertTrue(env.links().panelThread(viewer("u1"), t(alice), t3).isEmpty());
            assertEquals(List.of(LinkStore.OWNER), env.links().threads(viewer("u2"), t(alice), 100).stream()
                    .filter(r -> r.owner().userId().equals("u2")).map(LinkStore.ThreadRow::access).toList(),
                    "the owner still sees it in full");
            // another workspace sees nothing, and a thread is only opened through a record that reaches it
            assertEquals(List.of(), env.links().threads(new LinkStore.Viewer("other-ws", "u1", Set.of()), t(alice),
                    100));
            HostPerson bob = env.host().add("crm", "contact", WS, "Bob", "bob@client.test");
            String t1 = env.links().threads(viewer("u1"), t(alice), 100).stream()
                    .filter(r -> "Proposal".equals(r.subject())).findFirst().orElseThrow().threadId();
            assertTrue(env.links().panelThread(viewer("u1"), t(alice), t1).isPresent());
            assertTrue(env.links().panelThread(viewer("u1"), t(bob), t1).isEmpty());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void intakeAndSharedMailboxesAreVisibleInFullToTheModulesMembersOnly(String kind) throws Exception {
        with(kind, env -> {
            String id = deliver(env, env.intake(), Msg.from("alice@client.test", "help@acme.test").thread("h1")
                    .subject("Broken login"));
            env.run();
            Target ticket = env.links(id).stream().filter(x -> x.module().equals("support")).findFirst()
                    .orElseThrow();
            // the intake's owner keeps it private: only support's members see it, in full
            assertTrue(env.links().setVisibility(WS, "u1", env.intake(), LinkStore.PRIVATE));
            LinkStore.ThreadRow row = env.links().threads(viewer("u2", "support"), ticket, 10).get(0);
            assertEquals(LinkStore.EVERYTHING, row.access());
            assertEquals("Broken login", row.subject());
            assertEquals("text", env.links().panelThread(viewer("u2", "support"), ticket, row.threadId())
                    .orElseThrow().messages().get(0).text());
            assertEquals(List.of(), env.links().threads(viewer("u2", "crm", "recruiting"), ticket, 10),
                    "not a member of support");
            assertTrue(env.links().panelThread(viewer("u2"), ticket, row.threadId()).isEmpty());
            assertEquals(LinkStore.OWNER, env.links().threads(viewer("u1"), ticket, 10).get(0).access());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void panelPagesWalkEveryThreadOnceNewestFirst(String kind) throws Exception {
        with(kind, env -> {
            HostPerson ivy = env.host().add("crm", "contact", WS, "Ivy", "ivy@client.test");
            for (int i = 0; i < 7; i++) {
                deliver(env, env.personal(), Msg.from("ivy@client.test", "me@acme.test").thread("iv" + i)
                        .subject("s" + i));
            }
            env.run();
            com.workestra.email.linker.PanelThreads panel = new com.workestra.email.linker.PanelThreads(env.links());
            com.workestra.email.api.Caller me = new com.workestra.email.api.Caller(WS, "u1", "me@acme.test", "Me",
                    false);
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                com.workestra.email.api.panel.ThreadPage page = panel.page(me, "crm", "contact", ivy.objectId(),
                        cursor, 3);
                page.items().forEach(t -> seen.add(t.subject()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 10);
            assertEquals(List.of("s6", "s5", "s4", "s3", "s2", "s1", "s0"), seen);
            assertEquals(3, pages);
            com.workestra.email.api.ApiException bad = org.junit.jupiter.api.Assertions.assertThrows(
                    com.workestra.email.api.ApiException.class,
                    () -> panel.page(me, "crm", "contact", ivy.objectId(), "not-a-cursor", 3));
            assertEquals(400, bad.status());
            assertEquals("cursor", bad.details().get("field"));
            assertEquals(400, org.junit.jupiter.api.Assertions.assertThrows(com.workestra.email.api.ApiException.class,
                    () -> panel.page(me, "crm", "contact", ivy.objectId(), null, 0)).status());
        });
    }
}
