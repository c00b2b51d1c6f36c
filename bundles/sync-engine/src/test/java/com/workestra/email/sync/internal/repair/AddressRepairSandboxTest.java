package com.workestra.email.sync.internal.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.MailboxRef;
import com.workestra.email.store.MessageData;
import com.workestra.email.store.NewConnection;
import com.workestra.email.store.internal.StoreFixture;
import com.workestra.email.store.testing.TestDatabase;
import com.workestra.email.sync.internal.GmailSandbox;
import com.workestra.email.sync.internal.mime.MimeLimits;
import com.workestra.email.sync.internal.sync.MessageMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The repair of address rows the old parser stored cut short: rows as that parser wrote them are re-derived from the
 * provider's raw MIME (real Gmail connector, provider sandbox, real database), once, resumably, and the repaired
 * messages are walked by the linker again; clean messages are never fetched.
 */
class AddressRepairSandboxTest {

    private static final String ADDRESS = "repair@sandbox.test";
    private static GmailSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = GmailSandbox.start();
        sandbox.control("POST", "/_sandbox/accounts", "{\"provider\":\"gmail\",\"address\":\"" + ADDRESS
                + "\",\"messages\":0}");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String deliver(String raw) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        return sandbox.control("POST", "/_sandbox/accounts/" + ADDRESS + "/messages",
                "{\"rawBase64\":\"" + b64 + "\"}").get("id").asText();
    }

    /** What the old parser stored: each non-ASCII character before an address cut one character off its end. */
    private static MessageData asStoredBefore(String providerId, String subject, List<MessageData.Address> to,
            List<MessageData.Address> cc) {
        return new MessageData(providerId, "t-" + providerId, Set.of("inbox"), false, Instant.now(), null, null,
                List.of(), subject, new MessageData.Address("peer@example.org", "Peer"), to, cc, List.of(), "s",
                "t", null, 10, List.of(), Map.of(), List.of());
    }

    private static List<String> rows(TestDatabase db, String connectionId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT m.subject, a.kind, a.address, a.name FROM email_message m"
                        + " JOIN email_message_address a ON a.message_id = m.id WHERE m.connection_id = '"
                        + connectionId + "' ORDER BY m.subject, a.kind, a.pos")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void cutAddressesAreRederivedFromTheRawMimeOnceAndResumably(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); StoreFixture store = new StoreFixture(db.dataSource())) {
            String connectionId = store.connections().connect(new NewConnection("ws", "u1", "gmail", ADDRESS + kind,
                    ADDRESS, "R", "personal", null), null, Instant.now()).id();
            String accented = deliver("From: Peer <peer@example.org>\r\nTo: Jürgen Schmürgen"
                    + " <schmuergen@example.com>, Zoë <zoe@example.org>\r\nCc: Łukasz Ślą <lukasz@example.pl>\r\n"
                    + "Subject: accented\r\n\r\nhi\r\n");
            String plain = deliver("From: Peer <peer@example.org>\r\nTo: Ann <ann@example.org>\r\n"
                    + "Subject: plain\r\n\r\nhi\r\n");
            store.messages().apply(connectionId, List.of(
                    asStoredBefore(accented, "accented", List.of(
                            new MessageData.Address("schmuergen@example.com", "Jürgen Schmürgen"),
                            new MessageData.Address("zoe@example.o", "Zoë")),
                            List.of(new MessageData.Address("lukasz@example.", "Łukasz Ślą"))),
                    asStoredBefore(plain, "plain", List.of(new MessageData.Address("ann@example.org", "Ann")),
                            List.of())), List.of(), List.of(), null);
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO email_reparse (connection_id, checked, repaired) VALUES ('" + connectionId
                        + "', 0, 0)");
                s.execute("UPDATE email_message SET created_at = TIMESTAMP '2020-01-01 00:00:00'");
            }
            MailboxRef mailbox = new MailboxRef(connectionId, ADDRESS, false, sandbox.accessToken(ADDRESS));
            AddressRepair repair = new AddressRepair(store.messages(), new MessageMapper(MimeLimits.DEFAULTS));

            assertEquals(List.of(new com.workestra.email.store.MessageStore.PendingRepair(connectionId, null)),
                    store.messages().pendingRepairs(10));
            AddressRepair.Slice slice = repair.run(connectionId, null, sandbox.gmail(), mailbox);
            assertEquals(new AddressRepair.Slice(2, 1, 1, true), slice, "only the suspect message is fetched");
            assertEquals(List.of("accented|cc|lukasz@example.pl|Łukasz Ślą",
                    "accented|from|peer@example.org|Peer",
                    "accented|to|schmuergen@example.com|Jürgen Schmürgen",
                    "accented|to|zoe@example.org|Zoë",
                    "plain|from|peer@example.org|Peer",
                    "plain|to|ann@example.org|Ann"), rows(db, connectionId));
            assertTrue(store.messages().pendingRepairs(10).isEmpty(), "the walk is finished");
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT subject FROM email_message WHERE created_at >"
                            + " TIMESTAMP '2021-01-01 00:00:00' ORDER BY subject")) {
                assertTrue(rs.next());
                assertEquals("accented", rs.getString(1), "the repaired message is linked again");
                assertTrue(!rs.next(), "the clean message is not");
            }
            // idempotent: walking again fetches the (still accented) message but changes nothing
            assertEquals(new AddressRepair.Slice(2, 1, 0, true), repair.run(connectionId, null, sandbox.gmail(),
                    mailbox));
            assertEquals(6, rows(db, connectionId).size());
        }
    }
}
