package com.workestra.email.devhost.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.Caller;
import com.workestra.email.spi.HostPerson;
import com.workestra.email.store.testing.TestDatabase;
import java.lang.annotation.Annotation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dev host on both databases: hashed tokens, users, records looked up by address, change reports. */
class DevHostTest {

    @Test
    void userEntriesAreParsedAndValidated() {
        List<DevUser> users = DevUser.parse(" alice|Alice@Acme.test|Alice A|tok-a , bob|bob@acme.test|Bob|tok-b|ws2|true",
                "demo");
        assertEquals(2, users.size());
        assertEquals(new DevUser("alice", "demo", "alice@acme.test", "Alice A", "tok-a", false), users.get(0));
        assertEquals("ws2", users.get(1).workspaceId());
        assertTrue(users.get(1).admin());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DevUser.parse("carol|carol@x.test|Carol", "demo"));
        assertFalse(e.getMessage().contains("carol@x.test"));
        assertTrue(DevUser.parse("  ", "demo").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void tokensAreHashedAndResolveToTheirUser(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            DevHost host = new DevHost(db.dataSource(), config("demo-secret", "alice|alice@acme.test|Alice|alice-secret|acme"));
            Caller demo = host.authenticate("demo-secret").orElseThrow();
            assertEquals(new Caller("demo", "demo", "demo@workestra.test", "Demo User", true), demo);
            assertEquals("acme", host.authenticate("alice-secret").orElseThrow().workspaceId());
            assertTrue(host.authenticate("nope").isEmpty());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT token_hash FROM devhost_token")) {
                List<String> stored = new ArrayList<>();
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
                assertEquals(2, stored.size());
                assertTrue(stored.contains(DevHostTables.hash("demo-secret")));
                assertFalse(stored.stream().anyMatch(h -> h.contains("secret")));
            }
            // a new configuration replaces the tokens: the old one stops working
            DevHost again = new DevHost(db.dataSource(), config("rotated", ""));
            assertTrue(again.authenticate("demo-secret").isEmpty());
            assertTrue(again.authenticate("rotated").isPresent());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void recordsAreFoundByAddressWithinTheirWorkspaceAndChangesAreReported(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            DevHost host = new DevHost(db.dataSource(), config("t", ""));
            List<HostPerson> reported = new ArrayList<>();
            host.addListener(reported::add);
            DevHostTables t = host.tables();
            DevRecord carla = t.create("demo", "crm", "contact", "Carla", null,
                    List.of("Carla@Customer.test"), List.of());
            t.create("other", "crm", "contact", "Carla elsewhere", null, List.of("carla@customer.test"), List.of());
            DevRecord deal = t.create("demo", "crm", "deal", "Renewal", null, List.of(), List.of(carla.id()));

            List<HostPerson> found = host.contactsByEmail("demo", List.of("CARLA@customer.test"));
            assertEquals(1, found.size());
            assertEquals(carla.id(), found.get(0).objectId());
            assertEquals(List.of(deal.id()), host.dealsOfContact("demo", carla.id()).stream()
                    .map(HostPerson::objectId).toList());

            DevRecord moved = t.update("demo", "contact", carla.id(), null, null, List.of("carla@new.test"), null)
                    .orElseThrow();
            host.changed("demo", moved);
            assertEquals(List.of("carla@new.test"), reported.get(0).emails());
            assertTrue(host.contactsByEmail("demo", List.of("carla@customer.test")).isEmpty());
            assertTrue(t.update("other", "contact", carla.id(), "x", null, null, null).isEmpty());

            HostPerson ticket = host.createTicket("demo", "sam@client.test", "Sam", "Cannot log in");
            assertEquals("ticket", ticket.objectType());
            assertEquals(ticket.objectId(), host.ticketsByRequester("demo", List.of("sam@client.test")).get(0).objectId());
            HostPerson cand = host.applyByEmail("demo", "robin@c.test", "Robin", "Application");
            assertEquals(cand.objectId(), host.applyByEmail("demo", "ROBIN@c.test", "Robin", "Again").objectId());
        }
    }

    private static DevHost.Config config(String demoToken, String users) {
        return new DevHost.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DevHost.Config.class;
            }

            @Override
            public String workspaceId() {
                return "demo";
            }

            @Override
            public String _demo_token() {
                return demoToken;
            }

            @Override
            public String demo_email() {
                return "demo@workestra.test";
            }

            @Override
            public String _users() {
                return users;
            }

            @Override
            public String dataSource_target() {
                return "(dataSourceName=workestra)";
            }
        };
    }
}
