package com.workestra.email.outbound.internal;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.OutboundStore;
import com.workestra.email.store.OutboundStore.SenderChoice;
import com.workestra.email.store.OutboundStore.Signature;
import com.workestra.email.store.OutboundStore.SignatureData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The From selector (GET /senders) and signatures (GET|POST /signatures, PUT|DELETE /signatures/{id}). */
public final class ComposeSettings {

    private static final int MAX_NAME = 200;
    private static final int MAX_HTML = 64 * 1024;

    private final ConnectionStore connections;
    private final OutboundStore outbound;
    private final Supplier<WorkspaceMailer> mailer;
    private final Clock clock;

    ComposeSettings(ConnectionStore connections, OutboundStore outbound, Supplier<WorkspaceMailer> mailer,
            Clock clock) {
        this.connections = connections;
        this.outbound = outbound;
        this.mailer = mailer;
        this.clock = clock;
    }

    /**
     * One From option.
     *
     * @param type connection or workspace
     * @param connectionId the connection (type connection)
     * @param address the From address
     * @param displayName the From name
     */
    public record SenderOption(String type, String connectionId, String address, String displayName) {
    }

    /**
     * GET /senders.
     *
     * @param options what the caller may send from
     * @param lastUsed the caller's last choice when it is still an option, else null
     */
    public record Senders(List<SenderOption> options, SenderChoice lastUsed) {
    }

    /**
     * A signature as the API shows it.
     *
     * @param id id
     * @param name label
     * @param html sanitized HTML
     * @param defaultForNew default for new messages
     * @param defaultForReplies default for replies and forwards
     */
    public record SignatureView(String id, String name, String html, boolean defaultForNew, boolean defaultForReplies) {
    }

    /**
     * Body of POST /signatures and PUT /signatures/{id}.
     *
     * @param name label
     * @param html HTML (sanitized before it is stored)
     * @param defaultForNew default for new messages
     * @param defaultForReplies default for replies and forwards
     */
    public record SignatureBody(String name, String html, Boolean defaultForNew, Boolean defaultForReplies) {
    }

    Senders senders(Caller caller) {
        List<SenderOption> options = new ArrayList<>();
        for (ConnectionRecord c : connections.list(caller.workspaceId(), caller.userId(), null)) {
            if (c.active()) {
                options.add(new SenderOption(SendPreparation.CONNECTION, c.id(), c.address(), c.displayName()));
            }
        }
        WorkspaceMailer m = mailer.get();
        Optional<WorkspaceMailer.Sender> workspace = m == null ? Optional.empty() : m.sender(caller.workspaceId());
        workspace.ifPresent(s -> options.add(new SenderOption(SendPreparation.WORKSPACE, null, s.address(),
                s.displayName())));
        SenderChoice last = outbound.lastSender(caller.workspaceId(), caller.userId())
                .filter(choice -> options.stream().anyMatch(o -> o.type().equals(choice.type())
                        && java.util.Objects.equals(o.connectionId(), choice.connectionId())))
                .orElse(null);
        return new Senders(options, last);
    }

    List<SignatureView> signatures(Caller caller) {
        return outbound.signatures(caller.workspaceId(), caller.userId()).stream().map(ComposeSettings::view)
                .toList();
    }

    SignatureView create(Caller caller, SignatureBody body) {
        return view(outbound.saveSignature(caller.workspaceId(), caller.userId(), null, data(body), clock.instant())
                .orElseThrow());
    }

    SignatureView update(Caller caller, String id, SignatureBody body) {
        SignatureData data = data(body);
        return view(outbound.saveSignature(caller.workspaceId(), caller.userId(), id, data, clock.instant())
                .orElseThrow(() -> ApiException.notFound("The signature")));
    }

    void delete(Caller caller, String id) {
        if (!outbound.deleteSignature(caller.workspaceId(), caller.userId(), id)) {
            throw ApiException.notFound("The signature");
        }
    }

    private static SignatureData data(SignatureBody body) {
        if (body == null) {
            throw Fields.bad("body", "A signature is needed.");
        }
        if (body.name() == null || body.name().isBlank() || body.name().length() > MAX_NAME
                || Text.hasControl(body.name())) {
            throw Fields.bad("name", "The name must be one line of 1 to " + MAX_NAME + " characters.");
        }
        if (body.html() != null && body.html().length() > MAX_HTML) {
            throw Fields.bad("html", "A signature can have at most " + MAX_HTML + " characters of HTML.");
        }
        return new SignatureData(body.name().strip(), Html.sanitizeSignature(body.html()),
                Boolean.TRUE.equals(body.defaultForNew()), Boolean.TRUE.equals(body.defaultForReplies()));
    }

    private static SignatureView view(Signature s) {
        return new SignatureView(s.id(), s.data().name(), s.data().html(), s.data().defaultForNew(),
                s.data().defaultForReplies());
    }
}
