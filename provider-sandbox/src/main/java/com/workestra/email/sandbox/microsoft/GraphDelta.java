package com.workestra.email.sandbox.microsoft;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Graph's message delta on one folder: an initial round paged by mailbox sequence, then rounds of the changes after
 * the previous round's change-log position, with {@code @removed} entries and 410 once that history is gone.
 */
final class GraphDelta {

    private record Entry(String id, String removedReason) {
    }

    private final MailBackend backend;

    GraphDelta(MailBackend backend) {
        this.backend = backend;
    }

    GraphResponse handle(GraphRequest req, MailBackend.Account account, String prefix,
            MailBackend.Folder folder) {
        String a = account.address();
        Map<String, String> q = req.query();
        int pageSize = GraphQuery.pageSize(req);
        String link = req.graphRoot() + "/" + prefix + "/mailFolders('" + folder.wellKnown + "')/messages/delta";
        String token = q.containsKey("$skiptoken") ? q.get("$skiptoken") : q.get("$deltatoken");
        DeltaState st;
        if (token != null) {
            st = DeltaState.decode(token);
            if (st == null || !st.mailbox().equalsIgnoreCase(a) || !st.folder().equals(folder.wellKnown)) {
                return syncStateNotFound();
            }
            if (st.phase() == null) {
                st = st.changesPage(backend.position(a), 0);
            }
        } else {
            Instant since;
            try {
                since = GraphQuery.receivedFilter(q.get("$filter"));
            } catch (IllegalArgumentException e) {
                return GraphResponse.error(400, "ErrorInvalidUrlQueryFilter", e.getMessage());
            }
            st = new DeltaState(a, folder.wellKnown, q.get("$select"), since == null ? null : since.toEpochMilli(),
                    q.get("changeType"), backend.position(a), "initial", Long.MAX_VALUE, null, null);
        }
        Set<String> select = GraphQuery.parseSelect(st.select());
        List<Entry> entries;
        DeltaState next;
        if (st.phase().equals("initial")) {
            Instant since = st.receivedSince() == null ? null : Instant.ofEpochMilli(st.receivedSince());
            boolean created = st.changeType() == null || st.changeType().toLowerCase(Locale.ROOT).contains("created");
            List<MailBackend.Mail> mails = !created ? List.of() : backend.newestFirst(a, st.before(), pageSize + 1,
                    x -> x.folder() == folder && (since == null || !x.received().isBefore(since)));
            entries = new ArrayList<>();
            for (MailBackend.Mail m : mails.subList(0, Math.min(pageSize, mails.size()))) {
                entries.add(new Entry(m.id(), null));
            }
            next = mails.size() > pageSize ? st.initialPage(mails.get(pageSize - 1).sequence())
                    : st.deltaAt(st.since());
        } else {
            List<Entry> all = changes(a, folder, st);
            if (all == null) {
                return syncStateNotFound();
            }
            int from = Math.min(st.offset(), all.size());
            int to = Math.min(from + pageSize, all.size());
            entries = all.subList(from, to);
            next = to < all.size() ? st.changesPage(st.upto(), to) : st.deltaAt(st.upto());
        }
        List<Object> value = new ArrayList<>();
        for (Entry e : entries) {
            MailBackend.Mail mail = e.removedReason() == null ? backend.message(a, e.id()) : null;
            if (mail == null) {
                Map<String, Object> removed = new LinkedHashMap<>();
                removed.put("@odata.type", "#microsoft.graph.message");
                removed.put("id", e.id());
                removed.put("@removed", Map.of("reason", e.removedReason() == null ? "deleted" : e.removedReason()));
                value.add(removed);
            } else {
                value.add(GraphMessages.render(a, mail, select, GraphQuery.textBody(req)));
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("@odata.context", req.graphRoot() + "/$metadata#Collection(message)");
        if (next.phase() != null) {
            r.put("@odata.nextLink", link + "?%24skiptoken=" + next.encode());
        } else {
            r.put("@odata.deltaLink", link + "?%24deltatoken=" + next.encode());
        }
        r.put("value", value);
        GraphResponse resp = GraphResponse.json(200, r);
        String applied = GraphQuery.preferenceApplied(req, pageSize);
        return applied.isEmpty() ? resp : resp.header("Preference-Applied", applied);
    }

    /**
     * The entries of a changes round: the log between {@code since} and {@code upto}, collapsed per message (latest
     * wins, in order of last change); null when that history is gone.
     */
    private List<Entry> changes(String a, MailBackend.Folder folder, DeltaState st) {
        List<MailBackend.Change> changes = backend.changesSince(a, st.since());
        if (changes == null) {
            return null;
        }
        Map<String, String> last = new LinkedHashMap<>();
        Set<String> touchedFolder = new HashSet<>();
        for (MailBackend.Change c : changes) {
            if (c.position() <= st.upto()) {
                last.remove(c.messageId());
                last.put(c.messageId(), c.kind());
                if (c.folder() == folder) {
                    touchedFolder.add(c.messageId());
                }
            }
        }
        Set<String> types = st.changeType() == null ? Set.of("created", "updated", "deleted")
                : Set.of(st.changeType().toLowerCase(Locale.ROOT).replace(" ", "").split(","));
        Instant since = st.receivedSince() == null ? null : Instant.ofEpochMilli(st.receivedSince());
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, String> e : last.entrySet()) {
            if (!touchedFolder.contains(e.getKey())) {
                continue;
            }
            MailBackend.Mail mail = backend.message(a, e.getKey());
            if (mail == null || e.getValue().equals("deleted")) {
                if (types.contains("deleted")) {
                    out.add(new Entry(e.getKey(), "deleted"));
                }
            } else if (mail.folder() != folder) {
                if (types.contains("deleted")) {
                    out.add(new Entry(e.getKey(), "changed"));
                }
            } else if ((since == null || !mail.received().isBefore(since)) && types.contains(e.getValue())) {
                out.add(new Entry(e.getKey(), null));
            }
        }
        return out;
    }

    static GraphResponse syncStateNotFound() {
        return GraphResponse.error(410, "SyncStateNotFound", "The sync state is not found or has expired;"
                + " resyncRequired: restart the synchronization without a delta token.");
    }
}
