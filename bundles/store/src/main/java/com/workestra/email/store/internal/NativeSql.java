package com.workestra.email.store.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A native SQL statement built with positional parameters: values are always bound (never concatenated), nulls become
 * the literal NULL (PostgreSQL cannot type a bare null parameter), instants bind as UTC offset date-times.
 */
final class NativeSql {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    NativeSql(String start) {
        sql.append(start);
    }

    /** Appends SQL text. */
    NativeSql sql(String text) {
        sql.append(text);
        return this;
    }

    /** Appends one parameter. */
    NativeSql value(Object value) {
        if (value == null) {
            sql.append("NULL");
        } else {
            sql.append('?');
            params.add(value instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : value);
        }
        return this;
    }

    /** Appends {@code (?, ?, ...)} for a non-empty collection. */
    NativeSql in(Collection<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("empty IN list");
        }
        sql.append('(');
        boolean first = true;
        for (Object v : values) {
            if (!first) {
                sql.append(", ");
            }
            first = false;
            value(v);
        }
        sql.append(')');
        return this;
    }

    Query query(EntityManager em) {
        Query q = em.createNativeQuery(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        return q;
    }

    @SuppressWarnings("unchecked")
    List<Object[]> rows(EntityManager em, int max) {
        Query q = query(em);
        if (max > 0) {
            q.setMaxResults(max);
        }
        List<Object[]> out = new ArrayList<>();
        for (Object r : q.getResultList()) {
            out.add(r instanceof Object[] a ? a : new Object[] {r});
        }
        return out;
    }

    int update(EntityManager em) {
        return query(em).executeUpdate();
    }

    /** A timestamp column value as an instant, whatever type the driver returned. */
    static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof ZonedDateTime t) {
            return t.toInstant();
        }
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        if (o instanceof java.util.Date d) {
            return d.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + o.getClass().getName());
    }

    static boolean bool(Object o) {
        if (o instanceof Boolean b) {
            return b;
        }
        return o instanceof Number n && n.intValue() != 0;
    }

    static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
