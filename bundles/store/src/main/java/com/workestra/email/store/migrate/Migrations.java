package com.workestra.email.store.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/** Applies the schema migrations of a changelog on the bundle class path, identically on H2 and PostgreSQL. */
public final class Migrations {

    private final DataSource dataSource;
    private final String changelog;
    private final ClassLoader loader;
    private final String historyTable;
    private final String lockTable;

    /**
     * Migrations recorded in Liquibase's default tables (DATABASECHANGELOG, DATABASECHANGELOGLOCK).
     *
     * @param dataSource the database to migrate
     * @param changelog the changelog resource, e.g. {@code db/changelog/workestra-email.xml}
     * @param loader the class loader that sees the changelog and its includes
     */
    public Migrations(DataSource dataSource, String changelog, ClassLoader loader) {
        this(dataSource, changelog, loader, null);
    }

    /**
     * Migrations with their own history and lock tables ({@code <prefix>changelog}, {@code <prefix>changelog_lock}),
     * for a schema owned by another component on the same database: the two migrate independently at start-up
     * instead of queueing behind one lock row.
     *
     * @param tablePrefix prefix of the history and lock tables, or null for Liquibase's defaults
     */
    public Migrations(DataSource dataSource, String changelog, ClassLoader loader, String tablePrefix) {
        this.dataSource = dataSource;
        this.changelog = changelog;
        this.loader = loader;
        this.historyTable = tablePrefix == null ? "DATABASECHANGELOG" : tablePrefix + "changelog";
        this.lockTable = tablePrefix == null ? "DATABASECHANGELOGLOCK" : tablePrefix + "changelog_lock";
    }

    /** Brings the schema up to date; safe to run concurrently from several nodes (Liquibase takes a lock). */
    public void update() {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setDatabaseChangeLogTableName(historyTable);
            database.setDatabaseChangeLogLockTableName(lockTable);
            Map<String, Object> scope = new LinkedHashMap<>();
            scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(loader));
            scope.put(Scope.Attr.classLoader.name(), loader);
            // progress goes to the log, not to the host's console
            scope.put(Scope.Attr.ui.name(), new LoggerUIService());
            Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                    .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                    .execute());
        } catch (Exception e) {
            throw new IllegalStateException("Schema migration failed: " + e.getMessage(), e);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** What the database says was applied: count and the id of the latest changeset of this changelog. */
    public Map<String, Object> applied() {
        Map<String, Object> out = new LinkedHashMap<>();
        String file = "%" + changelog.substring(changelog.lastIndexOf('/') + 1);
        try (Connection c = dataSource.getConnection();
                PreparedStatement count = c.prepareStatement(
                        "SELECT COUNT(*) FROM " + historyTable + " WHERE FILENAME LIKE ?");
                PreparedStatement latest = c.prepareStatement(
                        "SELECT ID FROM " + historyTable + " WHERE FILENAME LIKE ? ORDER BY ORDEREXECUTED DESC")) {
            count.setString(1, file);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                out.put("changesets", rs.getInt(1));
            }
            latest.setString(1, file);
            latest.setMaxRows(1);
            try (ResultSet rs = latest.executeQuery()) {
                if (rs.next()) {
                    out.put("latest", rs.getString(1));
                }
            }
        } catch (SQLException e) {
            out.put("error", e.getMessage());
        }
        return out;
    }
}
