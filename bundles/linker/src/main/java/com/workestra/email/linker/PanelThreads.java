package com.workestra.email.linker;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.api.SafeHtml;
import com.workestra.email.api.panel.PanelThreadView;
import com.workestra.email.api.panel.ThreadPage;
import com.workestra.email.api.panel.ThreadSummary;
import com.workestra.email.store.LinkStore;
import com.workestra.email.store.LinkStore.ThreadRow;
import com.workestra.email.store.MessageData;
import com.workestra.email.spi.ModuleMembership;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Pages of the threads linked to a host record, newest first, from every mailbox of the caller's workspace that the
 * caller may see, each cut to its owner's visibility (the store decides both); and one thread opened from a panel.
 * The cursor is opaque: (lastMessageAt, threadId, connectionId) of the last item.
 */
public final class PanelThreads {

    /** Page size when none is asked for. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page. */
    public static final int MAX_LIMIT = 200;

    /** Request property where the REST API's authentication filter leaves the {@link Caller}. */
    public static final String CALLER_PROPERTY = "com.workestra.email.caller";

    private final LinkStore store;
    private final Supplier<ModuleMembership> membership;
    private final Supplier<SafeHtml> safeHtml;

    /** Reads through the link store, for callers who are members of no module, without HTML bodies. */
    public PanelThreads(LinkStore store) {
        this(store, () -> null, () -> null);
    }

    /**
     * Reads through the link store.
     *
     * @param membership the host's module membership, or a supplier of null when the host has none
     * @param safeHtml the HTML sanitizer for opened threads, or a supplier of null (then only text bodies)
     */
    public PanelThreads(LinkStore store, Supplier<ModuleMembership> membership, Supplier<SafeHtml> safeHtml) {
        this.store = store;
        this.membership = membership;
        this.safeHtml = safeHtml;
    }

    /** The viewer the store authorizes: the caller with the modules the host says they belong to. */
    public LinkStore.Viewer viewer(Caller caller) {
        ModuleMembership m = membership.get();
        Set<String> modules = m == null ? Set.of() : m.modules(caller.workspaceId(), caller.userId());
        return new LinkStore.Viewer(caller.workspaceId(), caller.userId(), modules);
    }

    /**
     * A thread of a record's panel, as the caller may see it.
     *
     * @throws ApiException 404 when the record has no such thread the caller may see
     */
    public PanelThreadView thread(Caller caller, String module, String objectType, String objectId,
            String threadId) {
        if (objectId == null || objectId.isBlank() || objectId.length() > 100 || threadId == null
                || threadId.isBlank() || threadId.length() > 100) {
            throw notFound();
        }
        LinkStore.PanelThread t = store.panelThread(viewer(caller), new LinkStore.Target(module, objectType,
                objectId), threadId).orElseThrow(PanelThreads::notFound);
        SafeHtml cleaner = safeHtml.get();
        List<PanelThreadView.Message> messages = new ArrayList<>();
        for (LinkStore.PanelMessage m : t.messages()) {
            messages.add(new PanelThreadView.Message(m.id(), m.subject(), person(m.from()),
                    m.to().stream().map(PanelThreads::person).toList(), m.cc().stream().map(PanelThreads::person)
                            .toList(), m.receivedAt(), m.outbound(), m.text(),
                    m.html() == null || cleaner == null ? null : cleaner.clean(m.html()),
                    m.attachments().stream().filter(a -> !"inline".equals(a.kind())).map(a ->
                            new PanelThreadView.File(a.filename(), a.contentType(), a.sizeBytes(), a.kind()))
                            .toList()));
        }
        return new PanelThreadView(summary(t.summary()), messages);
    }

    private static ApiException notFound() {
        return new ApiException(404, "not_found", "There is no such thread on this record.", Map.of());
    }

    private static PanelThreadView.Person person(MessageData.Address a) {
        return a == null ? null : new PanelThreadView.Person(a.address(), a.name());
    }

    private static ThreadSummary summary(ThreadRow r) {
        LinkStore.Owner o = r.owner();
        return new ThreadSummary(r.threadId(), r.subject(), r.participants(), r.lastMessageAt(), r.messageCount(),
                r.unread(), r.snippet(), r.connectionId(), o == null ? null
                        : new ThreadSummary.ThreadOwner(o.userId(), o.address(), o.displayName(), o.kind()),
                r.access());
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
        List<ThreadRow> rows = store.threads(viewer(caller), new LinkStore.Target(module, objectType, objectId),
                5000);
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
            items.add(summary(r));
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
