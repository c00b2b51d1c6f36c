package com.workestra.email.sandbox.microsoft;

import com.workestra.email.sandbox.Provider;
import com.workestra.email.sandbox.SandboxServer;
import com.workestra.email.sandbox.mail.ChangeKind;
import com.workestra.email.sandbox.mail.Mailbox;
import com.workestra.email.sandbox.mail.SentRecord;
import com.workestra.email.sandbox.mail.StoredMessage;
import com.workestra.email.sandbox.oauth.OAuthException;
import com.workestra.email.sandbox.oauth.TokenInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/** Binds the Graph emulator to the sandbox core: outlook mailboxes, the token store, settings and stats. */
final class CoreBackend implements MailBackend, IdentityBackend {

    private static final String PROVIDER = Provider.OUTLOOK.id();

    private final SandboxServer server;

    CoreBackend(SandboxServer server) {
        this.server = server;
    }

    private Mailbox box(String address) {
        return address == null ? null : server.mail().mailbox(Provider.OUTLOOK, address);
    }

    private static Account account(Mailbox m) {
        var a = m.account();
        return new Account(a.address(), a.displayName(), a.shared(), a.sharedWith());
    }

    private static Folder folder(com.workestra.email.sandbox.mail.Folder f) {
        return f == com.workestra.email.sandbox.mail.Folder.SENTITEMS ? Folder.SENTITEMS : Folder.INBOX;
    }

    private static Mail mail(StoredMessage m) {
        return new Mail(m.id(), m.sequence(), folder(m.folder()), m.read(), m.received(), m::raw, m.threadId());
    }

    private static Change change(com.workestra.email.sandbox.mail.Change c) {
        String kind = c.kind() == ChangeKind.ADDED ? "created" : c.kind() == ChangeKind.DELETED ? "deleted"
                : "updated";
        return new Change(c.sequence(), c.messageId(), kind, folder(c.folder()));
    }

    @Override
    public Account account(String address) {
        Mailbox m = box(address);
        return m == null ? null : account(m);
    }

    @Override
    public List<Account> accounts() {
        List<Account> out = new ArrayList<>();
        for (Mailbox m : server.mail().mailboxes(Provider.OUTLOOK)) {
            out.add(account(m));
        }
        return out;
    }

    @Override
    public List<Mail> newestFirst(String address, long before, int limit, Predicate<Mail> filter) {
        Mailbox m = box(address);
        List<Mail> out = new ArrayList<>();
        if (m != null) {
            int below = (int) Math.min(Integer.MAX_VALUE, Math.max(0, before));
            for (StoredMessage s : m.newestFirst(below, limit, x -> filter.test(mail(x)))) {
                out.add(mail(s));
            }
        }
        return out;
    }

    @Override
    public int count(String address, Predicate<Mail> filter) {
        Mailbox m = box(address);
        return m == null ? 0 : m.count(x -> filter.test(mail(x)));
    }

    @Override
    public Mail message(String address, String id) {
        Mailbox m = box(address);
        StoredMessage s = m == null ? null : m.message(id);
        return s == null ? null : mail(s);
    }

    @Override
    public long position(String address) {
        Mailbox m = box(address);
        return m == null ? 0 : m.historyId();
    }

    @Override
    public List<Change> changesSince(String address, long position) {
        Mailbox m = box(address);
        List<com.workestra.email.sandbox.mail.Change> changes = m == null ? null : m.changesSince(position);
        if (changes == null) {
            return null;
        }
        List<Change> out = new ArrayList<>(changes.size());
        changes.forEach(c -> out.add(change(c)));
        return out;
    }

    @Override
    public boolean setRead(String address, String id, boolean read) {
        Mailbox m = box(address);
        return m != null && m.setRead(id, read) != null;
    }

    @Override
    public String recordSent(String address, SendMailBuilder.Built message, boolean saveToSentItems) {
        SentRecord r = box(address).recordSent(message.raw(), null, saveToSentItems);
        return r.id();
    }

    @Override
    public void onChange(BiConsumer<String, Change> listener) {
        server.mail().addListener((mailbox, c) -> {
            if (mailbox.provider() == Provider.OUTLOOK) {
                listener.accept(mailbox.address(), change(c));
            }
        });
    }

    @Override
    public TokenOwner accessToken(String token) {
        TokenInfo info = server.tokens().validate(Provider.OUTLOOK, token);
        return info == null ? null : new TokenOwner(info.address(), info.clientId(), info.scope());
    }

    @Override
    public boolean quotasEnabled() {
        return server.settings().quotas();
    }

    @Override
    public void count(String method, String operation) {
        server.stats().count(PROVIDER, operation);
    }

    @Override
    public void spent(String mailbox) {
        server.stats().quota(PROVIDER, mailbox, 1);
    }

    // ---- identity ----

    @Override
    public String issueCode(String address, String clientId, String redirectUri, String scope, String challenge) {
        boolean offline = List.of(scope.split("\\s+")).contains("offline_access");
        return server.tokens().issueCode(Provider.OUTLOOK, address, clientId, redirectUri, scope, challenge, offline);
    }

    @Override
    public IdentityBackend.Grant redeemCode(String code, String clientId, String redirectUri, String verifier)
            throws Refused {
        try {
            return grant(server.tokens().redeemCode(Provider.OUTLOOK, code, clientId, redirectUri, verifier));
        } catch (OAuthException e) {
            throw refused(e);
        }
    }

    @Override
    public IdentityBackend.Grant refresh(String refreshToken, String clientId) throws Refused {
        try {
            return grant(server.tokens().refresh(Provider.OUTLOOK, refreshToken, clientId, true));
        } catch (OAuthException e) {
            throw refused(e);
        }
    }

    private static IdentityBackend.Grant grant(com.workestra.email.sandbox.oauth.Grant g) {
        return new IdentityBackend.Grant(g.address(), g.accessToken(), g.refreshToken(), g.expiresInSeconds());
    }

    private static Refused refused(OAuthException e) {
        Reason r;
        try {
            r = Reason.valueOf(e.reason().name());
        } catch (IllegalArgumentException unknown) {
            r = Reason.CODE_UNKNOWN; // PROVIDER_MISMATCH: a Google code is simply not valid here
        }
        return new Refused(r);
    }
}
