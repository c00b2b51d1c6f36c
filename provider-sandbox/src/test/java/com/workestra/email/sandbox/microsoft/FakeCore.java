package com.workestra.email.sandbox.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/** Scratch stand-in for the sandbox core until it lands: in-memory model, token store and control API. */
final class FakeCore implements MailBackend, IdentityBackend, AutoCloseable {

    final HttpServer server;
    final MicrosoftEmulator emulator;
    final Map<String, Account> accounts = new ConcurrentHashMap<>();
    final Map<String, List<Mail>> mails = new ConcurrentHashMap<>();
    final Map<String, List<Change>> log = new ConcurrentHashMap<>();
    final Map<String, Long> oldest = new ConcurrentHashMap<>();
    final Map<String, List<Map<String, Object>>> sent = new ConcurrentHashMap<>();
    final List<BiConsumer<String, Change>> listeners = new CopyOnWriteArrayList<>();
    final Map<String, String[]> codes = new ConcurrentHashMap<>();
    final Map<String, TokenOwner> access = new ConcurrentHashMap<>();
    final Map<String, String[]> refresh = new ConcurrentHashMap<>();
    volatile boolean quotas = true;
    long seq = 0;

    FakeCore() throws IOException {
        emulator = new MicrosoftEmulator(this, this);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::route);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void route(HttpExchange ex) throws IOException {
        try {
            String p = ex.getRequestURI().getPath();
            if (p.startsWith("/microsoft/") || p.startsWith("/graph/")) {
                emulator.handle(ex);
            } else if (p.startsWith("/_sandbox/subscriptions")) {
                if (!emulator.handleControl(ex, p.substring("/_sandbox/subscriptions".length()))) {
                    Http.sendJson(ex, 404, Map.of());
                }
            } else {
                control(ex, p.substring("/_sandbox".length()).split("/"));
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            Http.sendJson(ex, 500, Map.of("error", e.toString()));
        }
    }

    private synchronized void control(HttpExchange ex, String[] s) throws IOException {
        String m = ex.getRequestMethod();
        if (s.length == 2 && s[1].equals("accounts") && m.equals("POST")) {
            JsonNode b = Http.json(ex);
            String a = b.get("address").asText();
            List<String> sw = new ArrayList<>();
            b.path("sharedWith").forEach(x -> sw.add(x.asText()));
            accounts.put(a.toLowerCase(), new Account(a, b.path("displayName").asText(a), !sw.isEmpty(), sw));
            mails.put(a.toLowerCase(), new CopyOnWriteArrayList<>());
            log.put(a.toLowerCase(), new CopyOnWriteArrayList<>());
            sent.put(a.toLowerCase(), new CopyOnWriteArrayList<>());
            for (int i = 0; i < b.path("messages").asInt(0); i++) {
                deliver(a, "sender" + i + "@example.org", "Seed " + i, Instant.now().minusSeconds(3600L * (i + 1)));
            }
            Http.sendJson(ex, 200, Map.of("address", a));
        } else if (s.length == 4 && s[3].equals("messages") && m.equals("POST")) {
            JsonNode b = Http.json(ex);
            Mail mail = deliver(s[2], b.path("from").asText(), b.path("subject").asText(), Instant.now());
            Http.sendJson(ex, 200, Map.of("id", mail.id()));
        } else if (s.length == 5 && s[3].equals("messages") && m.equals("GET")) {
            Mail mail = message(s[2], s[4]);
            Http.sendJson(ex, 200, Map.of("id", mail.id(), "read", mail.read(), "folder", mail.folder().wellKnown));
        } else if (s.length == 6 && s[5].equals("read")) {
            setRead(s[2], s[4], Http.json(ex).path("read").asBoolean());
            Http.sendJson(ex, 200, Map.of());
        } else if (s.length == 5 && s[3].equals("messages") && m.equals("DELETE")) {
            String a = s[2].toLowerCase();
            mails.get(a).removeIf(x -> x.id().equals(s[4]));
            change(a, s[4], "deleted", Folder.INBOX);
            Http.sendJson(ex, 200, Map.of());
        } else if (s.length == 4 && s[3].equals("sent")) {
            Http.sendJson(ex, 200, sent.get(s[2].toLowerCase()));
        } else if (s.length == 4 && s[3].equals("expire-history")) {
            oldest.put(s[2].toLowerCase(), seq + 1);
            Http.sendJson(ex, 200, Map.of());
        } else if (s.length == 3 && s[1].equals("tokens") && s[2].equals("revoke")) {
            String a = Http.json(ex).path("address").asText();
            access.values().removeIf(o -> o.address().equalsIgnoreCase(a));
            refresh.values().forEach(v -> {
                if (v[0].equalsIgnoreCase(a)) {
                    v[2] = "revoked";
                }
            });
            Http.sendJson(ex, 200, Map.of());
        } else if (s.length == 2 && s[1].equals("settings")) {
            quotas = Http.json(ex).path("quotas").asBoolean(true);
            Http.sendJson(ex, 200, Map.of("quotas", quotas));
        } else {
            Http.sendJson(ex, 404, Map.of("error", "fake: " + String.join("/", s)));
        }
    }

    private Mail deliver(String address, String from, String subject, Instant at) {
        String a = address.toLowerCase();
        String id = "AAMk" + UUID.randomUUID().toString().replace("-", "");
        String raw = "From: " + from + "\r\nTo: " + address + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + id
                + "@example.org>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello " + subject + "\r\n";
        Mail mail = new Mail(id, Folder.INBOX, false, at, raw.getBytes(StandardCharsets.UTF_8), null);
        mails.get(a).add(mail);
        change(a, id, "created", Folder.INBOX);
        return mail;
    }

    private void change(String a, String id, String kind, Folder f) {
        Change c;
        synchronized (this) {
            c = new Change(++seq, id, kind, f);
        }
        log.get(a).add(c);
        listeners.forEach(l -> l.accept(a, c));
    }

    @Override
    public Account account(String address) {
        return accounts.get(address.toLowerCase());
    }

    @Override
    public List<Account> accounts() {
        return new ArrayList<>(accounts.values());
    }

    @Override
    public List<Mail> messages(String address) {
        return new ArrayList<>(mails.get(address.toLowerCase()));
    }

    @Override
    public Mail message(String address, String id) {
        return mails.get(address.toLowerCase()).stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
    }

    @Override
    public long position(String address) {
        return seq;
    }

    @Override
    public List<Change> changesSince(String address, long position) {
        if (position < oldest.getOrDefault(address.toLowerCase(), 0L)) {
            return null;
        }
        return log.get(address.toLowerCase()).stream().filter(c -> c.position() > position).toList();
    }

    @Override
    public boolean setRead(String address, String id, boolean read) {
        List<Mail> l = mails.get(address.toLowerCase());
        for (int i = 0; i < l.size(); i++) {
            Mail x = l.get(i);
            if (x.id().equals(id)) {
                l.set(i, new Mail(x.id(), x.folder(), read, x.received(), x.raw(), x.threadId()));
                change(address.toLowerCase(), id, "updated", x.folder());
                return true;
            }
        }
        return false;
    }

    @Override
    public String recordSent(String address, SendMailBuilder.Built message, boolean saveToSentItems) {
        String a = address.toLowerCase();
        String id = null;
        if (saveToSentItems) {
            id = "AAMk" + UUID.randomUUID().toString().replace("-", "");
            mails.get(a).add(new Mail(id, Folder.SENTITEMS, true, Instant.now(), message.raw(), null));
            change(a, id, "created", Folder.SENTITEMS);
        }
        sent.get(a).add(Map.of("raw", Base64.getUrlEncoder().encodeToString(message.raw()), "to", message.to(),
                "subject", message.subject()));
        return id;
    }

    @Override
    public void onChange(BiConsumer<String, Change> listener) {
        listeners.add(listener);
    }

    @Override
    public TokenOwner accessToken(String token) {
        return access.get(token);
    }

    @Override
    public boolean quotasEnabled() {
        return quotas;
    }

    @Override
    public void count(String method, String operation) {
    }

    @Override
    public String issueCode(String address, String clientId, String redirectUri, String scope, String challenge) {
        String code = UUID.randomUUID().toString();
        codes.put(code, new String[] {address, clientId, redirectUri, scope, challenge});
        return code;
    }

    @Override
    public Grant redeemCode(String code, String clientId, String redirectUri, String verifier) throws Refused {
        String[] c = codes.remove(code);
        if (c == null) {
            throw new Refused(Reason.CODE_UNKNOWN);
        }
        if (!c[2].equals(redirectUri)) {
            throw new Refused(Reason.REDIRECT_MISMATCH);
        }
        try {
            String s = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            if (!s.equals(c[4])) {
                throw new Refused(Reason.PKCE_MISMATCH);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return grant(c[0], clientId, c[3]);
    }

    private Grant grant(String address, String clientId, String scope) {
        String at = "at-" + UUID.randomUUID();
        access.put(at, new TokenOwner(address, clientId, scope));
        String rt = null;
        if (scope.contains("offline_access")) {
            rt = "rt-" + UUID.randomUUID();
            refresh.put(rt, new String[] {address, clientId, "ok", scope});
        }
        return new Grant(address, at, rt, 3599);
    }

    @Override
    public Grant refresh(String token, String clientId) throws Refused {
        String[] r = refresh.get(token);
        if (r == null || r[2].equals("used")) {
            throw new Refused(Reason.REFRESH_UNKNOWN);
        }
        if (r[2].equals("revoked")) {
            throw new Refused(Reason.REVOKED);
        }
        r[2] = "used";
        return grant(r[0], clientId, r[3]);
    }
}
