package com.workestra.email.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.store.migrate.Migrations;
import com.workestra.email.store.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Migrations and the persistence unit on the two databases we support. */
class StoreOnDatabaseTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void migrationsAreIdempotentAndTheUnitPersists(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            Migrations m = new Migrations(db.dataSource(), "db/changelog/workestra-email.xml",
                    getClass().getClassLoader());
            m.update();
            m.update();
            Map<String, Object> applied = m.applied();
            // every changeset of the main changelog file, once, the last one last (the area files count apart)
            String xml = new String(getClass().getClassLoader()
                    .getResourceAsStream("db/changelog/workestra-email.xml").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            // a changeset for one database kind only (dbms="h2") runs on that kind only
            java.util.List<String> ids = java.util.regex.Pattern.compile("<changeSet id=\"([^\"]+)\"([^>]*)>")
                    .matcher(xml).results().filter(r -> !r.group(2).contains("dbms=")
                            || r.group(2).contains("dbms=\"" + kind + "\"")).map(r -> r.group(1)).toList();
            assertTrue(ids.size() >= 6, ids.toString());
            assertEquals(ids.size(), applied.get("changesets"), applied.toString());
            assertEquals(ids.get(ids.size() - 1), applied.get("latest"));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM email_node")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }

            EntityManagerFactory emf = PersistenceUnitFactory.create(db.dataSource(),
                    List.of(NodeEntity.class, InstantConverter.class));
            try {
                NodeRegistry nodes = new NodeRegistry(emf);
                Instant first = Instant.parse("2026-01-02T03:04:05.123456Z");
                nodes.register("node-a", "1.0.0", first);
                nodes.register("node-b", "1.0.0", first);
                Instant later = first.plus(1, ChronoUnit.HOURS);
                nodes.register("node-a", "1.0.1", later);
                List<Map<String, Object>> listed = nodes.nodes();
                assertEquals(2, listed.size());
                assertEquals("node-a", listed.get(0).get("id"));
                assertEquals(later.toString(), listed.get(0).get("startedAt"));
                assertEquals(first.toString(), listed.get(1).get("startedAt"));
            } finally {
                emf.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aBrokenChangelogFailsLoudly(String kind) {
        try (TestDatabase db = TestDatabase.open(kind)) {
            Migrations m = new Migrations(db.dataSource(), "db/changelog/missing.xml", getClass().getClassLoader());
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    m::update);
            assertTrue(e.getMessage().startsWith("Schema migration failed"), e.getMessage());
        }
    }
}
