package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Graph's mail surface of one mailbox: profile, folders, messages, MIME, attachments, sendMail (delta: GraphDelta). */
final class GraphMail {

    private final MailBackend backend;
    private final GraphDelta delta;
    GraphMail(MailBackend backend) {
        this.backend = backend;
        this.delta = new GraphDelta(backend);
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
                return notFound();
            }
            if (rest.size() == 2) {
                return m.equals("GET") ? GraphResponse.json(200, folder(req, a, folder)) : notAllowed();
            }
            if (!rest.get(2).equalsIgnoreCase("messages")) {
                return unknown(req);
            }
            if (rest.size() == 4 && rest.get(3).equalsIgnoreCase("delta")) {
                return m.equals("GET") ? delta.handle(req, account, prefix, folder) : notAllowed();
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

    static GraphResponse notFound() {
        return GraphResponse.error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
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
            return notFound();
        }
        if (rest.size() == 1) {
            switch (req.method()) {
                case "GET":
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("@odata.context", req.graphRoot() + "/$metadata#users('" + a + "')/messages/$entity");
                    r.putAll(GraphMessages.render(a, mail, GraphQuery.select(req), GraphQuery.textBody(req)));
                    r.remove("@odata.type");
                    return GraphQuery.withPreferences(req, GraphResponse.json(200, r));
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
            return notFound();
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
        r.putAll(GraphMessages.render(a, now, null, GraphQuery.textBody(req)));
        r.remove("@odata.type");
        return GraphResponse.json(200, r);
    }

    private GraphResponse list(GraphRequest req, MailBackend.Account account, String prefix,
            MailBackend.Folder folder) {
        String a = account.address();
        Instant since;
        try {
            since = GraphQuery.receivedFilter(req.query().get("$filter"));
        } catch (IllegalArgumentException e) {
            return GraphResponse.error(400, "ErrorInvalidUrlQueryFilter", e.getMessage());
        }
        int top = GraphQuery.intParam(req.query().get("$top"), GraphQuery.DEFAULT_PAGE, GraphQuery.MAX_PAGE);
        int skip = Math.max(0, GraphQuery.intParam(req.query().get("$skip"), 0, Integer.MAX_VALUE));
        List<MailBackend.Mail> all = backend.newestFirst(a, Long.MAX_VALUE, skip + top + 1,
                x -> (folder == null || x.folder() == folder) && (since == null || !x.received().isBefore(since)));
        List<Object> value = new ArrayList<>();
        for (MailBackend.Mail x : all.subList(Math.min(skip, all.size()), Math.min(skip + top, all.size()))) {
            value.add(GraphMessages.render(a, x, GraphQuery.select(req), GraphQuery.textBody(req)));
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

    // ---- sendMail ----

    /** sendMail in MIME format: the body is the base64 of a complete RFC 5322 message, saved to sent items as is. */
    private GraphResponse sendMime(GraphRequest req, MailBackend.Account account) {
        byte[] raw;
        try {
            raw = java.util.Base64.getMimeDecoder().decode(req.body());
        } catch (IllegalArgumentException e) {
            return GraphResponse.error(400, "ErrorMimeContentInvalidBase64String",
                    "Invalid base64 string for MIME content.");
        }
        MimeView view = MimeView.parse(raw);
        List<String> to = recipients(view, "To");
        List<String> cc = recipients(view, "Cc");
        List<String> bcc = recipients(view, "Bcc");
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            return GraphResponse.error(400, "ErrorInvalidRecipients", "At least one recipient is not valid.");
        }
        String subject = headerValue(view, "Subject");
        String messageId = headerValue(view, "Message-ID");
        backend.recordSent(account.address(), new SendMailBuilder.Built(raw, messageId,
                subject == null ? null : MimeView.decodeWords(subject), to, cc, bcc), true);
        return GraphResponse.empty(202);
    }

    private static String headerValue(MimeView view, String name) {
        return view.headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(MimeView.Header::value)
                .findFirst().orElse(null);
    }

    private static List<String> recipients(MimeView view, String name) {
        String v = headerValue(view, name);
        return v == null ? List.of() : MimeView.splitList(v).stream().map(MimeView::address)
                .filter(a -> a != null && a.address() != null).map(MimeView.Address::address).toList();
    }

    private GraphResponse sendMail(GraphRequest req, MailBackend.Account account) throws IOException {
        String type = req.header("Content-Type");
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/plain")) {
            return sendMime(req, account);
        }
        JsonNode body;
        try {
            body = req.json();
        } catch (IOException e) {
            return GraphResponse.error(400, "BadRequest", "Unable to read JSON request payload.");
        }
        SendMailBuilder.Built built;
        try {
            built = SendMailBuilder.build(GraphQuery.field(body, "message"), account.address(), account.displayName());
        } catch (SendMailBuilder.BadMessage e) {
            return GraphResponse.error(400, e.code, e.getMessage());
        }
        JsonNode saveNode = GraphQuery.field(body, "saveToSentItems");
        boolean save = saveNode == null || saveNode.isNull() || saveNode.asBoolean(true);
        backend.recordSent(account.address(), built, save);
        return GraphResponse.empty(202);
    }

}
