package com.workestra.email.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.api.MessageSending;
import com.workestra.email.api.MessageSending.LinkRef;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.MessageSending.SendResult;
import com.workestra.email.api.panel.SupportPanel.TicketReply;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.MessageData.Address;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A reply from a ticket goes from its intake mailbox, threaded on the customer's message, only for its owner. */
class SupportPanelReplyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    /** Records what would be sent. */
    private static final class Recorder implements MessageSending {
        final List<SendRequest> sent = new ArrayList<>();

        @Override
        public SendResult send(Caller caller, SendRequest request, String idempotencyKey) {
            sent.add(request);
            return new SendResult("s" + sent.size(), "queued");
        }

        @Override
        public SendResult cancelScheduled(Caller caller, String id) {
            throw new UnsupportedOperationException();
        }
    }

    private static TicketReply text(String text, MessageSending.From from) {
        return new TicketReply(from, null, null, null, null, text, null, null, null, null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void repliesFromTheIntakeMailboxThreadedOnTheCustomersMessage(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); StoreFixture stores = new StoreFixture(db.dataSource())) {
            String intake = stores.connections().connect(new NewConnection("ws", "u1", "gmail", "help@acme.test",
                    "help@acme.test", "Help", "shared", null), null, T0).id();
            stores.connections().setIntake(intake, "support");
            String personal = stores.connections().connect(new NewConnection("ws", "u1", "gmail", "me@acme.test",
                    "me@acme.test", "Me", "personal", null), null, T0).id();
            stores.messages().apply(intake, List.of(new MessageData("p1", "g1", Set.of("inbox"), false, T0,
                    "c1@customer.test", null, List.of(), "Printer on fire", new Address("carol@customer.test", null),
                    List.of(new Address("help@acme.test", null)), List.of(), List.of(), "Help", "Help!", null, 10,
                    List.of(), Map.of(), List.of())), List.of(), List.of(), null);
            LinkStore.StoredMessage customer = stores.links().messagesWithAddresses("ws",
                    List.of("carol@customer.test"), "", 10).get(0);
            stores.links().link(customer.id(), "ws", List.of(new LinkStore.Target("support", "ticket", "T-1")),
                    LinkStore.SOURCE_INTAKE, T0);

            com.workestra.email.linker.PanelThreads threads = new com.workestra.email.linker.PanelThreads(
                    stores.links());
            DefaultSupportPanel panel = new DefaultSupportPanel(stores.links(),
                    new com.workestra.email.api.panel.PanelThreadService() {
                        @Override
                        public com.workestra.email.api.panel.ThreadPage page(Caller c, String module, String type,
                                String id, String cursor, int limit) {
                            return threads.page(c, module, type, id, cursor, limit);
                        }

                        @Override
                        public com.workestra.email.api.panel.PanelThreadView thread(Caller c, String module,
                                String type, String id, String threadId) {
                            return threads.thread(c, module, type, id, threadId);
                        }
                    });
            Caller owner = new Caller("ws", "u1", "me@acme.test", "Me", false);
            Caller other = new Caller("ws", "u2", "other@acme.test", "Other", false);

            ApiException unavailable = assertThrows(ApiException.class,
                    () -> panel.reply(owner, "T-1", text("On it", null), null));
            assertEquals(503, unavailable.status());

            Recorder recorder = new Recorder();
            panel.sending = recorder;
            SendResult r = panel.reply(owner, "T-1", text("On it", null), "key-1");
            assertEquals("queued", r.status());
            SendRequest sent = recorder.sent.get(0);
            assertEquals(new MessageSending.From("connection", intake), sent.from());
            assertEquals(List.of("carol@customer.test"), sent.to());
            assertEquals(customer.id(), sent.replyToMessageId());
            assertEquals("Re: Printer on fire", sent.subject());
            assertTrue(sent.links().contains(new LinkRef("support", "ticket", "T-1")), sent.links().toString());

            assertEquals(404, assertThrows(ApiException.class,
                    () -> panel.reply(other, "T-1", text("Hi", null), null)).status());
            assertEquals(404, assertThrows(ApiException.class,
                    () -> panel.reply(owner, "T-404", text("Hi", null), null)).status());
            ApiException wrongFrom = assertThrows(ApiException.class,
                    () -> panel.reply(owner, "T-1", text("Hi", new MessageSending.From("connection", personal)),
                            null));
            assertEquals(422, wrongFrom.status());
            assertEquals("from", wrongFrom.details().get("field"));
            assertEquals(1, recorder.sent.size());
            assertEquals(1, panel.ticketThreads(owner, "T-1", null, 50).items().size());
            // a teammate sees the ticket's thread as the intake's owner shares it (subject by default), never more
            List<com.workestra.email.api.panel.ThreadSummary> seen = panel.ticketThreads(other, "T-1", null, 50)
                    .items();
            assertEquals(1, seen.size());
            assertEquals("subject", seen.get(0).access());
            assertEquals(null, seen.get(0).snippet());
            assertTrue(stores.links().setVisibility("ws", "u1", intake, "private"));
            assertEquals(0, panel.ticketThreads(other, "T-1", null, 50).items().size());
        }
    }
}
