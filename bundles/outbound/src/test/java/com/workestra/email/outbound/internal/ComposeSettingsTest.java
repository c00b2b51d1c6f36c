package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.MessageSending.From;
import com.workestra.email.api.MessageSending.SendRequest;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.outbound.internal.ComposeSettings.SignatureBody;
import com.workestra.email.outbound.internal.ComposeSettings.SignatureView;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures (sanitized, one default each, 404 for others') and the From selector with the last choice. */
class ComposeSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void signaturesAreSanitizedOwnedAndHaveOneDefaultEach(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind)) {
            ComposeSettings c = env.compose;
            SignatureView a = c.create(env.ana, new SignatureBody("Work", "<p onclick=x()>Ana</p><script>1</script>",
                    true, true));
            assertFalse(a.html().contains("script") || a.html().contains("onclick"));
            env.clock.advance(java.time.Duration.ofSeconds(1));
            SignatureView b = c.create(env.ana, new SignatureBody("Short", "<i>A.</i>", false, true));
            List<SignatureView> list = c.signatures(env.ana);
            assertEquals(List.of("Work", "Short"), list.stream().map(SignatureView::name).toList());
            assertTrue(list.get(0).defaultForNew());
            assertFalse(list.get(0).defaultForReplies());
            assertTrue(list.get(1).defaultForReplies());

            assertEquals(404, assertThrows(ApiException.class, () -> c.update(env.eve, a.id(),
                    new SignatureBody("Mine", "", false, false))).status());
            assertEquals(404, assertThrows(ApiException.class, () -> c.delete(env.eve, a.id())).status());
            assertTrue(c.signatures(env.eve).isEmpty());
            ApiException noName = assertThrows(ApiException.class, () -> c.create(env.ana,
                    new SignatureBody(" ", "x", false, false)));
            assertEquals("name", noName.details().get("field"));

            assertEquals("Renamed", c.update(env.ana, b.id(), new SignatureBody("Renamed", "<i>A.</i>", true, false))
                    .name());
            assertFalse(c.signatures(env.ana).get(0).defaultForNew());
            c.delete(env.ana, a.id());
            assertEquals(1, c.signatures(env.ana).size());
            assertEquals(404, assertThrows(ApiException.class, () -> c.delete(env.ana, a.id())).status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void sendersListTheCallersMailboxesAndWorkspaceWithTheLastChoice(String kind) throws Exception {
        try (TestEnv env = new TestEnv(kind)) {
            String gmail = env.connect(env.ana, "gmail", "ana@gmail.test");
            String outlook = env.connect(env.ana, "outlook", "ana@outlook.test");
            env.connect(env.eve, "gmail", "eve@gmail.test");
            ComposeSettings.Senders senders = env.compose.senders(env.ana);
            assertEquals(java.util.Set.of(gmail, outlook), senders.options().stream()
                    .map(ComposeSettings.SenderOption::connectionId).collect(java.util.stream.Collectors.toSet()));
            assertNull(senders.lastUsed());

            env.providers.mailer = new WorkspaceMailer() {
                @Override
                public Optional<Sender> sender(String workspaceId) {
                    return Optional.of(new Sender("team@acme.test", "Acme"));
                }

                @Override
                public Outcome send(String workspaceId, Message message, String idempotencyKey) {
                    throw new UnsupportedOperationException();
                }
            };
            env.sends.send(env.ana, new SendRequest(new From("connection", outlook), List.of("bob@example.test"),
                    null, null, "s", null, "t", null, null, null, null, null), null);
            senders = env.compose.senders(env.ana);
            assertEquals(3, senders.options().size());
            assertEquals("workspace", senders.options().get(2).type());
            assertEquals("team@acme.test", senders.options().get(2).address());
            assertEquals(outlook, senders.lastUsed().connectionId());
            // a disconnected mailbox is no longer an option, nor the last choice
            env.store.connections().disconnect(outlook, TestEnv.T0);
            senders = env.compose.senders(env.ana);
            assertEquals(2, senders.options().size());
            assertNull(senders.lastUsed());
        }
    }
}
