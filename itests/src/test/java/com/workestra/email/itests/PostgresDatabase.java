package com.workestra.email.itests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** A fresh PostgreSQL database on 127.0.0.1:5432 for one test class, dropped afterwards. */
final class PostgresDatabase implements AutoCloseable {

    static final String ADMIN_URL = System.getProperty("workestra.pg.admin",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String USER = System.getProperty("workestra.pg.user", "postgres");

    private final String name;

    PostgresDatabase() {
        this.name = "wk_it_" + Long.toHexString(System.nanoTime());
        execute("CREATE DATABASE " + name);
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    Map<String, String> env() {
        return Map.of("WORKESTRA_DB_URL", url(), "WORKESTRA_DB_USER", USER, "WORKESTRA_DB_PASSWORD", "");
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is needed: " + e.getMessage(), e);
        }
    }
}
