package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Graph's mail surface of one mailbox: profile, folders, messages, delta, MIME, attachments, sendMail. */
final class GraphMail {

    static final int DEFAULT_PAGE = 10;
    static final int MAX_PAGE = 1000;

    private final MailBackend backend;
    private record Entry(String id, String removedReason) {
    }

    GraphMail(MailBackend backend) {
        this.backend = backend;
    }

    void reset() {
        // tokens are self-contained: nothing to forget
    }

    /**
     * Serves {@code rest} (segments after {@code me} or {@code users/{x}}) for mailbox {@code account};
     * {@code prefix} is how the client named the mailbox ("me" or "users/x"), reused in links.
     */
    GraphResponse handle(GraphRequest req, MailBackend.Account account, String prefix, List<String> rest)
            throws IOException {
        String a = account.address();
        String m = req.method();
        if (rest.isEmpty()) {
            return m.equals("GET") ? GraphResponse.json(200, profile(req, account)) : notAllowed();
        }
        String head = rest.get(0).toLowerCase(Locale.ROOT);
        if (head.equals("sendmail")) {
            return m.equals("POST") && rest.size() == 1 ? sendMail(req, account) : notAllowed();
        }
        if (head.equals("mailfolders")) {
            if (rest.size() == 1) {
                return m.equals("GET") ? folders(req, a) : notAllowed();
            }
            MailBackend.Folder folder = GraphIds.folder(a, rest.get(1));
            if (folder == null) {
                return GraphResponse.error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
            }
            if (rest.size() == 2) {
                return m.equals("GET") ? GraphResponse.json(200, folder(req, a, folder)) : notAllowed();
            }
            if (!rest.get(2).equalsIgnoreCase("messages")) {
                return unknown(req);
            }
            if (rest.size() == 4 && rest.get(3).equalsIgnoreCase("delta")) {
                return m.equals("GET") ? delta(req, account, prefix, folder) : notAllowed();
            }
            return messages(req, account, prefix, folder, rest.subList(3, rest.size()));
        }
        if (head.equals("messages")) {
            return messages(req, account, prefix, null, rest.subList(1, rest.size()));
        }
        return unknown(req);
    }

    static GraphResponse unknown(GraphRequest req) {
        return GraphResponse.error(400, "BadRequest", "Resource not found for the segment '"
                + req.path().substring(req.path().lastIndexOf('/') + 1) + "'.");
    }

    static GraphResponse notAllowed() {
        return GraphResponse.error(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request"
                + " target.");
    }

    private Map<String, Object> profile(GraphRequest req, MailBackend.Account account) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("@odata.context", req.graphRoot() + "/$metadata#users/$entity");
        p.put("businessPhones", List.of());
        p.put("displayName", account.displayName());
        String name = account.displayName() == null ? "" : account.displayName();
        int space = name.indexOf(' ');
        p.put("givenName", space > 0 ? name.substring(0, space) : name);
        p.put("surname", space > 0 ? name.substring(space + 1) : null);
        p.put("jobTitle", null);
        p.put("mail", account.address());
        p.put("mobilePhone", null);
        p.put("officeLocation", null);
        p.put("preferredLanguage", "en-US");
        p.put("userPrincipalName", account.address());
        p.put("id", GraphIds.userId(account.address()));
        return p;
    }

    private GraphResponse folders(GraphRequest req, String a) {
        List<Object> value = new ArrayList<>();
        for (MailBackend.Folder f : MailBackend.Folder.values()) {
            value.add(folder(req, a, f));
        }
        return GraphResponse.json(200, Map.of("@odata.context", req.graphRoot() + "/$metadata#mailFolders",
                "value", value));
    }

    private Map<String, Object> folder(GraphRequest req, String a, MailBackend.Folder f) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", GraphIds.folderId(a, f));
        r.put("displayName", f.displayName);
        r.put("parentFolderId", "AQMkA" + GraphIds.hash(a + ":root", 16));
        r.put("childFolderCount", 0);
        r.put("unreadItemCount", backend.count(a, x -> x.folder() == f && !x.read()));
        r.put("totalItemCount", backend.count(a, x -> x.folder() == f));
        r.put("isHidden", false);
        return r;
    }

    // ---- messages ----

    private GraphResponse messages(GraphRequest req, MailBackend.Account account, String prefix,
            MailBackend.Folder folder, List<String> rest) throws IOException {
        String a = account.address();
        if (rest.isEmpty()) {
            return req.method().equals("GET") ? list(req, account, prefix, folder) : notAllowed();
        }
        MailBackend.Mail mail = backend.message(a, rest.get(0));
        if (mail == null || (folder != null && mail.folder() != folder)) {
            return GraphResponse.error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }
        if (rest.size() == 1) {
            switch (req.method()) {
                case "GET":
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("@odata.context", req.graphRoot() + "/$metadata#users('" + a + "')/messages/$entity");
                    r.putAll(GraphMessages.render(a, mail, select(req), textBody(req)));
                    r.remove("@odata.type");
                    return withPreferences(req, GraphResponse.json(200, r));
                case "PATCH":
                    return patch(req, a, mail);
                default:
                    return notAllowed();
            }
        }
        String sub = rest.get(1);
        if (sub.equals("$value") && rest.size() == 2) {
            return req.method().equals("GET") ? GraphResponse.bytes(200, "text/plain", mail.raw()) : notAllowed();
        }
        if (sub.equalsIgnoreCase("attachments") && req.method().equals("GET")) {
            List<Map<String, Object>> atts = GraphMessages.attachments(mail, true);
            if (rest.size() == 2) {
                return GraphResponse.json(200, Map.of("@odata.context", req.graphRoot() + "/$metadata#users('" + a
                        + "')/messages('" + mail.id() + "')/attachments", "value", atts));
            }
            for (Map<String, Object> att : atts) {
                if (att.get("id").equals(rest.get(2))) {
                    if (rest.size() == 4 && rest.get(3).equals("$value")) {
                        byte[] bytes = java.util.Base64.getDecoder().decode((String) att.get("contentBytes"));
                        return GraphResponse.bytes(200, (String) att.get("contentType"), bytes);
                    }
                    return GraphResponse.json(200, att);
                }
            }
            return GraphResponse.error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }
        return unknown(req);
    }

    private GraphResponse patch(GraphRequest req, String a, MailBackend.Mail mail) throws IOException {
        JsonNode body = req.json();
        if (!body.isObject()) {
            return GraphResponse.error(400, "BadRequest", "Empty Payload. JSON content expected.");
        }
        MailBackend.Mail now = mail;
        if (body.has("isRead")) {
            if (!body.get("isRead").isBoolean()) {
                return GraphResponse.error(400, "BadRequest", "Cannot convert the literal '" + body.get("isRead")
                        + "' to the expected type 'Edm.Boolean'.");
            }
            boolean read = body.get("isRead").asBoolean();
            if (read != mail.read()) {
                backend.setRead(a, mail.id(), read);
            }
            now = backend.message(a, mail.id());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("@odata.context", req.graphRoot() + "/$metadata#users('" + a + "')/messages/$entity");
        r.putAll(GraphMessages.render(a, now, null, textBody(req)));
        r.remove("@odata.type");
        return GraphResponse.json(200, r);
    }

    private GraphResponse list(GraphRequest req, MailBackend.Account account, String prefix,
            MailBackend.Folder folder) {
        String a = account.address();
        Instant since;
        try {
            since = receivedFilter(req.query().get("$filter"));
        } catch (IllegalArgumentException e) {
            return GraphResponse.error(400, "ErrorInvalidUrlQueryFilter", e.getMessage());
        }
        int top = intParam(req.query().get("$top"), DEFAULT_PAGE, MAX_PAGE);
        int skip = Math.max(0, intParam(req.query().get("$skip"), 0, Integer.MAX_VALUE));
        List<MailBackend.Mail> all = backend.newestFirst(a, Long.MAX_VALUE, skip + top + 1,
                x -> (folder == null || x.folder() == folder) && (since == null || !x.received().isBefore(since)));
        List<Object> value = new ArrayList<>();
        for (MailBackend.Mail x : all.subList(Math.min(skip, all.size()), Math.min(skip + top, all.size()))) {
            value.add(GraphMessages.render(a, x, select(req), textBody(req)));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("@odata.context", req.graphRoot() + "/$metadata#users('" + a + "')/messages");
        r.put("value", value);
        if (skip + top < all.size()) {
            StringBuilder next = new StringBuilder(req.graphRoot()).append('/').append(prefix)
                    .append(folder == null ? "" : "/mailFolders('" + folder.wellKnown + "')")
                    .append("/messages?%24top=").append(top).append("&%24skip=").append(skip + top);
            for (String k : List.of("$select", "$filter")) {
                if (req.query().containsKey(k)) {
                    next.append("&").append(k.replace("$", "%24")).append('=')
                            .append(java.net.URLEncoder.encode(req.query().get(k), StandardCharsets.UTF_8)
                                    .replace("+", "%20"));
                }
            }
            r.put("@odata.nextLink", next.toString());
        }
        return GraphResponse.json(200, r);
    }

    // ---- delta ----

    private GraphResponse delta(GraphRequest req, MailBackend.Account account, String prefix,
            MailBackend.Folder folder) {
        String a = account.address();
        Map<String, String> q = req.query();
        int pageSize = pageSize(req);
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
                since = receivedFilter(q.get("$filter"));
            } catch (IllegalArgumentException e) {
                return GraphResponse.error(400, "ErrorInvalidUrlQueryFilter", e.getMessage());
            }
            st = new DeltaState(a, folder.wellKnown, q.get("$select"), since == null ? null : since.toEpochMilli(),
                    q.get("changeType"), backend.position(a), "initial", Long.MAX_VALUE, null, null);
        }
        Set<String> select = parseSelect(st.select());
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
            next = mails.size() > pageSize ? st.initialPage(mails.get(pageSize - 1).sequence()) : st.deltaAt(st.since());
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
                value.add(GraphMessages.render(a, mail, select, textBody(req)));
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
        String applied = preferenceApplied(req, pageSize);
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
        Set<String> touchedFolder = new java.util.HashSet<>();
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

    // ---- sendMail ----

    private GraphResponse sendMail(GraphRequest req, MailBackend.Account account) throws IOException {
        JsonNode body;
        try {
            body = req.json();
        } catch (IOException e) {
            return GraphResponse.error(400, "BadRequest", "Unable to read JSON request payload.");
        }
        SendMailBuilder.Built built;
        try {
            built = SendMailBuilder.build(field(body, "message"), account.address(), account.displayName());
        } catch (SendMailBuilder.BadMessage e) {
            return GraphResponse.error(400, e.code, e.getMessage());
        }
        JsonNode saveNode = field(body, "saveToSentItems");
        boolean save = saveNode == null || saveNode.isNull() || saveNode.asBoolean(true);
        backend.recordSent(account.address(), built, save);
        return GraphResponse.empty(202);
    }

    /** Action parameters are matched case-insensitively, as Graph does (the SDK sends "Message"). */
    static JsonNode field(JsonNode body, String name) {
        var it = body.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    // ---- query helpers ----

    private static final Pattern RECEIVED_GE = Pattern.compile(
            "(?i)^\\s*receivedDateTime\\s+(ge|gt)\\s+([0-9T:.\\-+Z]+)\\s*$");

    /** Parses the one filter Graph's message delta supports ({@code receivedDateTime ge|gt <instant>}). */
    static Instant receivedFilter(String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        Matcher m = RECEIVED_GE.matcher(filter);
        if (!m.matches()) {
            throw new IllegalArgumentException("The query filter contains one or more invalid nodes.");
        }
        Instant t = OffsetDateTime.parse(m.group(2)).toInstant();
        return m.group(1).equalsIgnoreCase("gt") ? t.plusMillis(1) : t;
    }

    static Set<String> select(GraphRequest req) {
        return parseSelect(req.query().get("$select"));
    }

    static Set<String> parseSelect(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    static List<String> preferences(GraphRequest req) {
        String prefer = req.header("Prefer");
        List<String> out = new ArrayList<>();
        if (prefer != null) {
            for (String p : prefer.split(",")) {
                out.add(p.trim());
            }
        }
        return out;
    }

    static boolean textBody(GraphRequest req) {
        return preferences(req).stream().anyMatch(p -> p.replace(" ", "")
                .equalsIgnoreCase("outlook.body-content-type=\"text\""));
    }

    static boolean immutableIds(GraphRequest req) {
        return preferences(req).stream().anyMatch(p -> p.replace(" ", "").equalsIgnoreCase("IdType=\"ImmutableId\""));
    }

    private static int pageSize(GraphRequest req) {
        for (String p : preferences(req)) {
            if (p.toLowerCase(Locale.ROOT).startsWith("odata.maxpagesize=")) {
                return intParam(p.substring(p.indexOf('=') + 1), DEFAULT_PAGE, MAX_PAGE);
            }
        }
        return intParam(req.query().get("$top"), DEFAULT_PAGE, MAX_PAGE);
    }

    private static String preferenceApplied(GraphRequest req, int pageSize) {
        List<String> applied = new ArrayList<>();
        if (preferences(req).stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).startsWith("odata.maxpagesize="))) {
            applied.add("odata.maxpagesize=" + pageSize);
        }
        if (immutableIds(req)) {
            applied.add("IdType=\"ImmutableId\"");
        }
        if (textBody(req)) {
            applied.add("outlook.body-content-type=\"text\"");
        }
        return String.join(", ", applied);
    }

    private static GraphResponse withPreferences(GraphRequest req, GraphResponse r) {
        String applied = preferenceApplied(req, 0);
        return applied.isEmpty() ? r : r.header("Preference-Applied", applied);
    }

    private static int intParam(String v, int dflt, int max) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            return n < 0 ? dflt : Math.min(max, n == 0 && dflt > 0 ? 1 : n);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
