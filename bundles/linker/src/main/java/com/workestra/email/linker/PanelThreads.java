package com.workestra.email.linker;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.api.panel.ThreadPage;
import com.workestra.email.api.panel.ThreadSummary;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.LinkStore.ThreadRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Pages of the threads linked to a host record, newest first, from the caller's own mailboxes only (another user's
 * mail never appears). The cursor is opaque: (lastMessageAt, threadId, connectionId) of the last item.
 */
public final class PanelThreads {

    /** Page size when none is asked for. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page. */
    public static final int MAX_LIMIT = 200;

    /** Request property where the REST API's authentication filter leaves the {@link Caller}. */
    public static final String CALLER_PROPERTY = "com.workestra.email.caller";

    private final LinkStore store;

    /** Reads through the link store. */
    public PanelThreads(LinkStore store) {
        this.store = store;
    }

    /**
     * One page of threads linked to a record.
     *
     * @param caller the signed-in user
     * @param module crm, support or recruiting
     * @param objectType contact, deal, ticket or candidate
     * @param objectId the host's id
     * @param cursor the previous page's cursor, or null
     * @param limit page size, or null for {@link #DEFAULT_LIMIT}
     * @return the page
     * @throws ApiException 400 naming {@code limit} or {@code cursor} when invalid
     */
    public ThreadPage page(Caller caller, String module, String objectType, String objectId, String cursor,
            Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        Key after = cursor == null || cursor.isBlank() ? null : Key.parse(cursor);
        if (objectId == null || objectId.isBlank() || objectId.length() > 100) {
            return new ThreadPage(List.of(), null);
        }
        List<ThreadRow> rows = store.threads(caller.workspaceId(), caller.userId(),
                new LinkStore.Target(module, objectType, objectId), 5000);
        List<ThreadSummary> items = new ArrayList<>();
        String next = null;
        for (ThreadRow r : rows) {
            Key k = Key.of(r);
            if (after != null && !k.isAfter(after)) {
                continue;
            }
            if (items.size() == size) {
                ThreadSummary last = items.get(items.size() - 1);
                next = new Key(last.lastMessageAt(), last.id(), last.connectionId()).encode();
                break;
            }
            items.add(new ThreadSummary(r.threadId(), r.subject(), r.participants(), r.lastMessageAt(),
                    r.messageCount(), r.unread(), r.snippet(), r.connectionId()));
        }
        return new ThreadPage(items, next);
    }

    /**
     * The caller the authentication filter resolved for a request.
     *
     * @param requestProperty the value of {@link #CALLER_PROPERTY}
     * @throws ApiException 401 when there is none
     */
    public static Caller caller(Object requestProperty) {
        if (requestProperty instanceof Caller c) {
            return c;
        }
        throw new ApiException(401, "unauthorized", "Sign in first: this call needs a valid bearer token.", Map.of());
    }

    /**
     * The {@code limit} query parameter.
     *
     * @param value the raw value, or null
     * @return {@link #DEFAULT_LIMIT} when absent
     * @throws ApiException 400 naming {@code limit} when not a number
     */
    public static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit", "limit must be a number between 1 and " + MAX_LIMIT + ".");
        }
    }

    /** Sort key of a thread (newest first, then thread id and connection descending). */
    private record Key(Instant at, String threadId, String connectionId) {

        static Key of(ThreadRow r) {
            return new Key(r.lastMessageAt() == null ? Instant.EPOCH : r.lastMessageAt(), r.threadId(),
                    r.connectionId());
        }

        /** Whether this key comes after {@code o} in newest-first order. */
        boolean isAfter(Key o) {
            int c = at.compareTo(o.at);
            if (c != 0) {
                return c < 0;
            }
            c = threadId.compareTo(o.threadId);
            if (c != 0) {
                return c < 0;
            }
            return connectionId.compareTo(o.connectionId) < 0;
        }

        String encode() {
            String raw = (at == null ? Instant.EPOCH : at) + "|" + threadId + "|" + connectionId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Key parse(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                String[] p = raw.split("\\|", 3);
                if (p.length != 3) {
                    throw new IllegalArgumentException("parts");
                }
                return new Key(Instant.parse(p[0]), p[1], p[2]);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("cursor", "cursor is not a cursor of this list.");
            }
        }
    }
}
