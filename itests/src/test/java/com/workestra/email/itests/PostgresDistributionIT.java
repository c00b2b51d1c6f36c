package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The distribution on PostgreSQL: a fresh database per run, dropped after. */
class PostgresDistributionIT extends DistributionContract {

    private final PostgresDatabase db = new PostgresDatabase();

    @Override
    protected Map<String, String> databaseEnv() {
        return db.env();
    }

    @Override
    protected String expectedProduct() {
        return "PostgreSQL";
    }

    @Override
    protected String nodeName() {
        return "pg-" + Long.toHexString(System.nanoTime());
    }

    @AfterAll
    void dropDatabase() {
        db.close();
    }

    @Test
    @Order(10)
    void schemaComesFromMigrationsAndTokensAreStoredHashed() throws SQLException {
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM databasechangelog WHERE id = ?")) {
                ps.setString(1, "001-email-node");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(1, rs.getInt(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT token_hash FROM devhost_token");
                    ResultSet rs = ps.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    String stored = rs.getString(1);
                    assertTrue(stored.matches("[0-9a-f]{64}"), stored);
                    assertTrue(!stored.contains(Node.DEMO_TOKEN));
                }
                assertTrue(rows >= 1);
            }
        }
    }
}
