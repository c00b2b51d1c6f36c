package com.workestra.email.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.workestra.email.sandbox.mail.AccountSpec;
import com.workestra.email.sandbox.mail.Mailbox;
import com.workestra.email.sandbox.mail.MessageSpec;
import com.workestra.email.sandbox.mail.Rfc822;
import com.workestra.email.sandbox.mail.SentRecord;
import com.workestra.email.sandbox.mail.StoredMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The core control API under {@code /_sandbox} (see SANDBOX.md "Control API"); emulator areas are delegated. */
final class ControlApi {

    private final SandboxServer server;

    ControlApi(SandboxServer server) {
        this.server = server;
    }

    /** {@code rest} is the path after {@code /_sandbox}. */
    void handle(HttpExchange ex, String rest) throws IOException {
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String[] seg = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/");
        try {
            if (seg.length == 0) {
                Http.sendJson(ex, 200, Map.of("sandbox", server.baseUrl(), "control", List.of("accounts", "tokens",
                        "faults", "settings", "stats", "reset")));
                return;
            }
            switch (seg[0]) {
                case "accounts" -> accounts(ex, method, seg);
                case "tokens" -> tokens(ex, method, seg);
                case "faults" -> faults(ex, method, seg);
                case "settings" -> settings(ex, method);
                case "stats" -> Http.sendJson(ex, 200, server.stats().view());
                case "reset" -> {
                    require(method, "POST");
                    server.reset();
                    Http.sendJson(ex, 200, Map.of("reset", true));
                }
                default -> delegate(ex, seg[0], rest.substring(1 + seg[0].length()));
            }
        } catch (BadRequest e) {
            Http.sendJson(ex, e.status, Map.of("error", e.getMessage()));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            Http.sendJson(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
        } catch (IllegalStateException e) {
            Http.sendJson(ex, 409, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private void delegate(HttpExchange ex, String name, String rest) throws IOException {
        for (Emulator e : server.emulators()) {
            if (name.equals(e.controlName()) && e.handleControl(ex, rest)) {
                return;
            }
        }
        throw new BadRequest(404, "no control path /_sandbox/" + name + rest);
    }

    // ------------------------------------------------------------------ accounts

    private void accounts(HttpExchange ex, String method, String[] seg) throws IOException {
        if (seg.length == 1) {
            if (method.equals("POST")) {
                Mailbox box = server.mail().create(spec(Http.json(ex)));
                Http.sendJson(ex, 201, accountView(box));
                return;
            }
            require(method, "GET");
            List<Object> out = new ArrayList<>();
            for (Provider p : List.of(Provider.GMAIL, Provider.OUTLOOK)) {
                server.mail().mailboxes(p).forEach(b -> out.add(accountView(b)));
            }
            Http.sendJson(ex, 200, out);
            return;
        }
        Mailbox box = server.mail().mailbox(seg[1]);
        if (box == null) {
            throw new BadRequest(404, "unknown account " + seg[1]);
        }
        if (seg.length == 2) {
            require(method, "GET");
            Http.sendJson(ex, 200, accountView(box));
        } else if (seg[2].equals("messages") && seg.length == 3) {
            require(method, "POST");
            StoredMessage m = deliver(box, Http.json(ex));
            Http.sendJson(ex, 201, Map.of("id", m.id(), "threadId", m.threadId(), "internetMessageId",
                    m.internetMessageId()));
        } else if (seg[2].equals("messages") && seg.length == 4) {
            if (method.equals("DELETE")) {
                boolean ok = box.delete(seg[3]);
                Http.sendJson(ex, ok ? 200 : 404, ok ? Map.of("id", seg[3], "deleted", true)
                        : Map.of("error", "unknown message " + seg[3]));
                return;
            }
            require(method, "GET");
            StoredMessage m = box.message(seg[3]);
            if (m == null) {
                throw new BadRequest(404, "unknown message " + seg[3]);
            }
            Http.sendJson(ex, 200, messageView(m));
        } else if (seg[2].equals("messages") && seg.length == 5 && seg[4].equals("read")) {
            require(method, "POST");
            JsonNode b = Http.json(ex);
            StoredMessage m = box.setRead(seg[3], b.path("read").asBoolean(true));
            if (m == null) {
                throw new BadRequest(404, "unknown message " + seg[3]);
            }
            Http.sendJson(ex, 200, messageView(m));
        } else if (seg[2].equals("sent") && seg.length == 3) {
            require(method, "GET");
            List<Object> out = new ArrayList<>();
            for (SentRecord s : box.sent()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("id", s.id());
                v.put("raw", Base64.getUrlEncoder().encodeToString(s.raw()));
                v.put("to", s.to());
                v.put("subject", s.subject());
                v.put("threadId", s.threadId());
                v.put("sentAt", s.at().toString());
                out.add(v);
            }
            Http.sendJson(ex, 200, out);
        } else if (seg[2].equals("history") && seg.length == 4 && seg[3].equals("expire")) {
            require(method, "POST");
            box.expireHistory();
            Http.sendJson(ex, 200, Map.of("address", box.address(), "historyId", box.historyId(), "expired", true));
        } else {
            throw new BadRequest(404, "no control path " + String.join("/", seg));
        }
    }

    private static AccountSpec spec(JsonNode b) {
        Provider p = Provider.of(b.path("provider").asText(null));
        if (p == null) {
            throw new IllegalArgumentException("provider must be gmail or outlook");
        }
        List<String> shared = new ArrayList<>();
        b.path("sharedWith").forEach(x -> shared.add(x.asText()));
        Instant until = null;
        JsonNode u = b.get("until");
        if (u != null && !u.isNull()) {
            until = u.isNumber() ? Instant.ofEpochSecond(u.asLong()) : Instant.parse(u.asText());
        }
        return new AccountSpec(p, b.path("address").asText(null), b.path("displayName").asText(null),
                b.path("messages").asInt(0), b.path("seed").asLong(1L),
                b.path("spanDays").asInt(AccountSpec.DEFAULT_SPAN_DAYS), List.copyOf(shared), until);
    }

    private static StoredMessage deliver(Mailbox box, JsonNode b) {
        if (b.hasNonNull("rawBase64")) {
            // arbitrary bytes (8-bit legacy charsets, broken encodings), standard or URL-safe alphabet
            String text = b.get("rawBase64").asText().replaceAll("\\s", "");
            byte[] raw = text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
            return box.deliver(raw);
        }
        if (b.hasNonNull("raw")) {
            return box.deliver(b.get("raw").asText().getBytes(StandardCharsets.UTF_8));
        }
        List<String> to = new ArrayList<>();
        if (b.path("to").isArray()) {
            b.path("to").forEach(x -> to.add(x.asText()));
        } else if (b.hasNonNull("to")) {
            to.add(b.get("to").asText());
        }
        if (to.isEmpty()) {
            to.add(box.address());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        b.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        List<MessageSpec.Attachment> atts = new ArrayList<>();
        b.path("attachments").forEach(a -> atts.add(new MessageSpec.Attachment(a.path("name").asText(null),
                a.path("contentType").asText(null), a.path("size").asInt(1024))));
        MessageSpec spec = new MessageSpec(b.path("from").asText("sender@example.com"), to,
                b.path("subject").asText(""), b.path("text").asText(null), b.path("html").asText(null),
                b.path("inReplyTo").asText(null), headers, atts);
        return box.deliver(spec);
    }

    static Map<String, Object> accountView(Mailbox box) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("address", box.address());
        v.put("provider", box.provider().id());
        v.put("displayName", box.account().displayName());
        v.put("sharedWith", box.account().sharedWith());
        v.put("messageCount", box.messageCount());
        v.put("inboxCount", box.inboxCount());
        v.put("unreadCount", box.unreadCount());
        v.put("sentCount", box.sentCount());
        v.put("threadCount", box.threadCount());
        v.put("historyId", box.historyId());
        return v;
    }

    static Map<String, Object> messageView(StoredMessage m) {
        byte[] raw = m.raw();
        Rfc822.Headers h = Rfc822.headers(raw);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id());
        v.put("threadId", m.threadId());
        v.put("internetMessageId", m.internetMessageId());
        v.put("read", m.read());
        v.put("labels", m.labels());
        v.put("folder", m.folder().wellKnownName());
        v.put("subject", Rfc822.decode(h.first("Subject")));
        v.put("from", Rfc822.decode(h.first("From")));
        v.put("to", Rfc822.addresses(h.first("To")));
        v.put("inReplyTo", h.first("In-Reply-To"));
        v.put("received", m.received().toString());
        v.put("size", raw.length);
        v.put("historyId", m.historyId());
        return v;
    }

    // ------------------------------------------------------------------ tokens, faults, settings

    private void tokens(HttpExchange ex, String method, String[] seg) throws IOException {
        if (seg.length == 2 && seg[1].equals("revoke")) {
            require(method, "POST");
            String address = Http.json(ex).path("address").asText(null);
            if (address == null) {
                throw new BadRequest(400, "address required");
            }
            int n = server.tokens().revokeAccount(address);
            Http.sendJson(ex, 200, Map.of("address", address, "revoked", n));
        } else if (seg.length == 2) {
            require(method, "GET");
            Http.sendJson(ex, 200, server.tokens().list(seg[1]));
        } else {
            throw new BadRequest(404, "no control path " + String.join("/", seg));
        }
    }

    private void faults(HttpExchange ex, String method, String[] seg) throws IOException {
        if (seg.length != 1) {
            throw new BadRequest(404, "no control path " + String.join("/", seg));
        }
        switch (method) {
            case "POST" -> {
                JsonNode b = Http.json(ex);
                List<Object> added = new ArrayList<>();
                if (b.isArray()) {
                    for (JsonNode f : b) {
                        server.faults().add(f);
                        added.add(f);
                    }
                } else {
                    server.faults().add(b);
                    added.add(b);
                }
                Http.sendJson(ex, 201, Map.of("added", added.size(), "faults", server.faults().view()));
            }
            case "DELETE" -> {
                server.faults().clear();
                Http.sendJson(ex, 200, Map.of("cleared", true));
            }
            case "GET" -> Http.sendJson(ex, 200, server.faults().view());
            default -> throw new BadRequest(405, "method not allowed");
        }
    }

    private void settings(HttpExchange ex, String method) throws IOException {
        Settings s = server.settings();
        if (method.equals("PUT") || method.equals("POST") || method.equals("PATCH")) {
            JsonNode b = Http.json(ex);
            if (b.has("quotas")) {
                s.quotas(b.get("quotas").asBoolean());
            }
            if (b.has("accessTokenLifetimeSeconds")) {
                s.accessTokenLifetime(Duration.ofSeconds(b.get("accessTokenLifetimeSeconds").asLong()));
            }
            if (b.has("historyRetentionSeconds")) {
                s.historyRetention(Duration.ofSeconds(b.get("historyRetentionSeconds").asLong()));
            }
        } else {
            require(method, "GET");
        }
        Http.sendJson(ex, 200, s.view());
    }

    private static void require(String method, String expected) {
        if (!method.equals(expected)) {
            throw new BadRequest(405, "method not allowed: " + method);
        }
    }

    /** A control request answered with an error status. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
