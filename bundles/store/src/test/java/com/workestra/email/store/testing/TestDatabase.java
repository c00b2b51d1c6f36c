package com.workestra.email.store.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A private database for one test: an in-memory H2 database, or its own schema in the PostgreSQL database {@code test}
 * on 127.0.0.1:5432 (dropped on close). Shared with other bundles' tests through this module's test-jar.
 */
public final class TestDatabase implements AutoCloseable {

    /** PostgreSQL server of the tests. */
    public static final String PG_URL = System.getProperty("workestra.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    /** PostgreSQL user of the tests. */
    public static final String PG_USER = System.getProperty("workestra.pg.user", "postgres");

    private final String kind;
    private final String name;
    private final DataSource dataSource;

    private TestDatabase(String kind, String name, DataSource dataSource) {
        this.kind = kind;
        this.name = name;
        this.dataSource = dataSource;
    }

    /** Opens a fresh database of the given kind: {@code h2} or {@code postgresql}. */
    public static TestDatabase open(String kind) {
        String name = "wk_ut_" + Long.toHexString(System.nanoTime());
        if ("h2".equals(kind)) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            ds.setUser("sa");
            return new TestDatabase(kind, name, ds);
        }
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is needed by the tests: " + e.getMessage(), e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(PG_URL + "?currentSchema=" + name);
        ds.setUser(PG_USER);
        return new TestDatabase(kind, name, ds);
    }

    /** The DataSource, as the host would provide it. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** {@code h2} or {@code postgresql}. */
    public String kind() {
        return kind;
    }

    @Override
    public void close() {
        String sql = "h2".equals(kind) ? "SHUTDOWN" : "DROP SCHEMA " + name + " CASCADE";
        try (Connection c = "h2".equals(kind) ? dataSource.getConnection()
                : DriverManager.getConnection(PG_URL, PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return kind;
    }
}
