package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.MessageSending.From;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.MessageSending.SendResult;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.store.OutboundStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbox's policy for workspace sends whose Resend answer was ambiguous, on the real store: the identical message
 * is re-submitted with the send's id as idempotency key at most once a minute; a confirmed answer makes it sent, a
 * refusal failed, an answer still unknown keeps it for later, and past the 23 h window it is never re-submitted but
 * left for a person. (WorkspaceMailSandboxTest proves the Resend side with the real SDK against the sandbox.)
 */
class WorkspaceReconcileTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anUnknownWorkspaceSendIsSettledWithItsKeyInsideTheWindowOnly(String kind) {
        try (TestEnv env = new TestEnv(kind)) {
            ScriptedMailer mailer = new ScriptedMailer();
            env.providers.mailer = mailer;
            SendRequest r = new SendRequest(new From("workspace", null), List.of("bob@example.test"), null, null,
                    "Invoice", "<p>Attached</p>", null, null, null, null, null, null);

            // 1. ambiguous, then still in progress at Resend, then confirmed
            mailer.answers.add(outcome("delivery_unknown", null));
            SendResult a = env.sends.send(env.ana, r, "k-a");
            Outbox.Run first = env.outbox.runOnce();
            assertEquals(1, first.unknown(), () -> first + " " + mailer.calls + " "
                    + env.store.outbound().find(a.id()).orElseThrow());
            assertEquals("delivery_unknown", status(env, a));
            assertEquals(List.of("send"), mailer.calls, "not re-submitted at once");
            env.clock.advance(Duration.ofMinutes(1));
            mailer.answers.add(outcome("delivery_unknown", null));
            assertEquals(0, env.outbox.runOnce().reconciled(), "nothing settled yet");
            assertEquals(0, env.outbox.runOnce().reconciled());
            assertEquals(2, mailer.calls.size(), "at most once a minute");
            env.clock.advance(Duration.ofMinutes(1));
            mailer.answers.add(outcome("sent", "re_42"));
            assertEquals(1, env.outbox.runOnce().reconciled());
            OutboundStore.Send settled = env.store.outbound().find(a.id()).orElseThrow();
            assertEquals("sent", settled.status());
            assertEquals("re_42", settled.providerMessageId());
            assertEquals(List.of("send", "reconcile", "reconcile"), mailer.calls);
            assertEquals(List.of(a.id(), a.id(), a.id()), mailer.keys, "always the send's own key");
            assertEquals(mailer.messages.get(0), mailer.messages.get(1), "the identical message");
            assertEquals(mailer.messages.get(0), mailer.messages.get(2));

            // 2. Resend refuses the repeat: it never took the message
            env.clock.advance(Duration.ofMinutes(1));
            mailer.answers.add(outcome("delivery_unknown", null));
            SendResult b = env.sends.send(env.ana, r, "k-b");
            env.outbox.runOnce();
            env.clock.advance(Duration.ofMinutes(1));
            mailer.answers.add(new WorkspaceMailer.Outcome("failed", null, "Resend refused the message: bad", null));
            env.outbox.runOnce();
            OutboundStore.Send failed = env.store.outbound().find(b.id()).orElseThrow();
            assertEquals("failed", failed.status());
            assertTrue(failed.lastError().contains("bad"), failed.lastError());

            // 3. past the window: never re-submitted, a sentence for a person
            env.clock.advance(Duration.ofMinutes(1));
            mailer.answers.add(outcome("delivery_unknown", null));
            SendResult c = env.sends.send(env.ana, r, "k-c");
            env.outbox.runOnce();
            int calls = mailer.calls.size();
            env.clock.advance(Outbox.IDEMPOTENCY_WINDOW.plusMinutes(1));
            assertEquals(0, env.outbox.runOnce().reconciled());
            assertEquals(calls, mailer.calls.size(), "not re-submitted outside the key window");
            OutboundStore.Send left = env.store.outbound().find(c.id()).orElseThrow();
            assertEquals("delivery_unknown", left.status());
            assertEquals(Outbox.RECONCILE_EXPIRED, left.lastErrorCode());
            assertTrue(left.lastError().contains("check"), left.lastError());
        }
    }

    private static String status(TestEnv env, SendResult r) {
        return env.store.outbound().find(r.id()).orElseThrow().status();
    }

    private static WorkspaceMailer.Outcome outcome(String status, String id) {
        return new WorkspaceMailer.Outcome(status, id, "sent".equals(status) ? null : "Resend answered 500.", null);
    }

    /** Answers from a script and records every call. */
    private static final class ScriptedMailer implements WorkspaceMailer {
        final Deque<Outcome> answers = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();

        @Override
        public Optional<Sender> sender(String workspaceId) {
            return Optional.of(new Sender("team@acme.test", "Acme"));
        }

        @Override
        public Outcome send(String workspaceId, Message message, String idempotencyKey) {
            return record("send", message, idempotencyKey);
        }

        @Override
        public Outcome reconcile(String workspaceId, Message message, String idempotencyKey) {
            return record("reconcile", message, idempotencyKey);
        }

        private Outcome record(String call, Message message, String key) {
            calls.add(call);
            keys.add(key);
            messages.add(message);
            return answers.removeFirst();
        }
    }
}
