package com.workestra.email.store.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Wraps a DataSource to record the SQL of every statement prepared through it (to prove batching, no N+1). */
public final class StatementLog {

    private final List<String> sql = new ArrayList<>();
    private final DataSource dataSource;

    /** Records what is prepared on connections of {@code target}. */
    public StatementLog(DataSource target) {
        this.dataSource = proxy(DataSource.class, target, (method, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, (Connection) result, (m, r) -> r) : result);
    }

    /** The recording DataSource. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Forgets what was recorded. */
    public synchronized void clear() {
        sql.clear();
    }

    /** Statements prepared since the last {@link #clear} whose SQL starts with the keyword (case-insensitive). */
    public synchronized List<String> prepared(String keyword) {
        String k = keyword.toUpperCase(Locale.ROOT);
        return sql.stream().filter(s -> s.stripLeading().toUpperCase(Locale.ROOT).startsWith(k)).toList();
    }

    private synchronized void record(String statement) {
        sql.add(statement);
    }

    /** What to return instead of a call's result. */
    private interface After {
        Object apply(Method method, Object result);
    }

    private <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler h = (p, method, args) -> {
            if (type == Connection.class && (method.getName().equals("prepareStatement")
                    || method.getName().equals("prepareCall")) && args != null && args[0] instanceof String s) {
                record(s);
            }
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] {type}, h));
    }
}
