package com.workestra.email.workspace.internal;

import com.resend.core.exception.ResendException;
import com.resend.core.net.RequestOptions;
import com.resend.services.emails.model.CreateEmailOptions;
import com.resend.services.emails.model.CreateEmailResponse;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.store.WorkspaceMailStore;
import com.workestra.email.store.WorkspaceMailStore.SenderSettings;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WorkspaceMailer} through the Resend SDK: the workspace's sealed API key and sender, its rate window shared by
 * every node (and closed for as long as Resend's rate-limit headers say), the caller's idempotency key passed to
 * Resend. Never retries by itself: an ambiguous answer (timeout, 5xx) is {@code delivery_unknown}, a limit is
 * {@code rate_limited} with the seconds to wait. {@link #reconcile} repeats the identical request (the JSON body is
 * built deterministically) with the same key, so Resend replays its first answer instead of sending again.
 */
final class ResendMailer implements WorkspaceMailer {

    static final String SENT = "sent";
    static final String FAILED = "failed";
    static final String RATE_LIMITED = "rate_limited";
    static final String DELIVERY_UNKNOWN = "delivery_unknown";

    private static final Logger LOG = LoggerFactory.getLogger(ResendMailer.class);
    private static final int MAX_IDEMPOTENCY_KEY = 256;
    private static final String REFUSED = "Resend refused the message: ";

    private final WorkspaceSettings settings;
    private final WorkspaceMailStore store;
    private final ResendSdk sdk;
    private final Clock clock;

    ResendMailer(WorkspaceSettings settings, WorkspaceMailStore store, ResendSdk sdk, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.sdk = sdk;
        this.clock = clock;
    }

    @Override
    public Optional<Sender> sender(String workspaceId) {
        return store.sender(workspaceId)
                .filter(s -> s.fromAddress() != null && s.apiKeySealed() != null)
                .map(s -> new Sender(s.fromAddress(), s.fromName()));
    }

    @Override
    public Outcome send(String workspaceId, Message message, String idempotencyKey) {
        return submit(workspaceId, message, idempotencyKey, false);
    }

    @Override
    public Outcome reconcile(String workspaceId, Message message, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return new Outcome(DELIVERY_UNKNOWN, null, "A send without an idempotency key cannot be confirmed.", null);
        }
        Outcome o = submit(workspaceId, message, idempotencyKey, true);
        if (o.status().equals(FAILED) && o.providerId() == null && !o.error().startsWith(REFUSED)) {
            // only Resend's refusal of the request proves it never took the first one
            return new Outcome(DELIVERY_UNKNOWN, null, o.error(), null);
        }
        return o;
    }

    private Outcome submit(String workspaceId, Message message, String idempotencyKey, boolean reconcile) {
        Optional<SenderSettings> configured = store.sender(workspaceId);
        if (configured.isEmpty() || configured.get().apiKeySealed() == null
                || configured.get().fromAddress() == null) {
            return new Outcome(FAILED, null, "Workspace email is not set up: an admin sets the sender and the Resend"
                    + " API key first.", null);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            return new Outcome(FAILED, null, "The idempotency key must have 1 to 256 characters.", null);
        }
        if (!safeHeaders(message.headers())) {
            return new Outcome(FAILED, null, "A header name or value contains a line break or a character that is"
                    + " not allowed.", null);
        }
        SenderSettings sender = configured.get();
        Duration wait = store.acquireSendSlot(workspaceId, Math.max(1, sender.rateLimitPerSecond()), clock.instant());
        if (!wait.isZero()) {
            return new Outcome(RATE_LIMITED, null, "The workspace's send rate is exhausted for now.", seconds(wait));
        }
        ResendSdk.Call call = sdk.call(settings.apiKey(sender));
        RequestOptions.Builder options = RequestOptions.builder();
        if (idempotencyKey != null) {
            options.setIdempotencyKey(idempotencyKey);
        }
        try {
            CreateEmailResponse answer = call.emails().send(options(sender, message), options.build());
            honourRateHeaders(workspaceId, call, false);
            return new Outcome(SENT, answer.getId(), null, null);
        } catch (ResendException e) {
            return failure(workspaceId, call, e, reconcile);
        } catch (RuntimeException e) {
            return transport(e);
        }
    }

    private static CreateEmailOptions options(SenderSettings sender, Message m) {
        CreateEmailOptions.Builder b = CreateEmailOptions.builder()
                .from(WorkspaceSettings.formatFrom(sender.fromName(), sender.fromAddress()))
                .to(list(m.to()))
                .subject(m.subject() == null ? "" : m.subject());
        if (m.cc() != null && !m.cc().isEmpty()) {
            b.cc(list(m.cc()));
        }
        if (m.bcc() != null && !m.bcc().isEmpty()) {
            b.bcc(list(m.bcc()));
        }
        if (m.html() != null) {
            b.html(m.html());
        }
        if (m.text() != null) {
            b.text(m.text());
        }
        if (m.headers() != null && !m.headers().isEmpty()) {
            // sorted: the same message is the same JSON on every attempt, as a reconciliation needs
            b.headers(new TreeMap<>(m.headers()));
        }
        if (!m.attachments().isEmpty()) {
            // Resend's model class, not WorkspaceMailer.Attachment (same simple name)
            b.attachments(m.attachments().stream().map(a -> com.resend.services.emails.model.Attachment.builder()
                    .fileName(a.fileName()).contentType(a.contentType())
                    .content(Base64.getEncoder().encodeToString(a.content())).build()).toList());
        }
        return b.build();
    }

    /** No header injection: names are RFC 5322 field names, values carry no CR, LF or NUL. */
    private static boolean safeHeaders(Map<String, String> headers) {
        if (headers == null) {
            return true;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            String value = h.getValue();
            if (name == null || name.isEmpty() || value == null
                    || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')
                    || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> list(List<String> addresses) {
        return addresses == null ? List.of() : List.copyOf(addresses);
    }

    private Outcome failure(String workspaceId, ResendSdk.Call call, ResendException e, boolean reconcile) {
        int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
        String name = e.getErrorName() == null ? "" : e.getErrorName();
        if (status == 429) {
            long wait = honourRateHeaders(workspaceId, call, true);
            LOG.info("Resend rate limit reached for workspace {}; retry in {} s", workspaceId, wait);
            return new Outcome(RATE_LIMITED, null, "Resend's rate limit was reached.", wait);
        }
        if (status == 409 && name.equals("concurrent_idempotent_requests")) {
            return new Outcome(DELIVERY_UNKNOWN, null, "The same send is still being processed by Resend.", null);
        }
        if (status == 409 && name.equals("invalid_idempotent_request")) {
            // Resend took a request under this key: the email may have gone out; a person must look
            LOG.warn("Resend holds another request under a send's idempotency key in workspace {}", workspaceId);
            return new Outcome(DELIVERY_UNKNOWN, null, "Resend already has a different request under this send's"
                    + " idempotency key; check the workspace's Resend dashboard.", null);
        }
        if (status >= 500) {
            LOG.warn("Resend answered {} {} for workspace {}: the send may or may not have happened", status, name,
                    workspaceId);
            return new Outcome(DELIVERY_UNKNOWN, null, "Resend answered with an error (" + status + "); the send"
                    + " may or may not have happened.", null);
        }
        if (status == 401 || status == 403) {
            // on a reconciliation a changed key says nothing about the first attempt
            return new Outcome(reconcile ? DELIVERY_UNKNOWN : FAILED, null, "Resend refused the workspace's API key.",
                    null);
        }
        return new Outcome(FAILED, null, REFUSED + e.getMessage(), null);
    }

    private static Outcome transport(RuntimeException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException) {
            // the request never left: nothing was sent
            return new Outcome(FAILED, null, "Resend cannot be reached.", null);
        }
        if (cause instanceof InterruptedIOException) {
            LOG.warn("Resend did not answer in time: the send may or may not have happened");
            return new Outcome(DELIVERY_UNKNOWN, null, "Resend did not answer in time; the send may or may not"
                    + " have happened.", null);
        }
        LOG.warn("Resend call failed: {}", cause.toString());
        return new Outcome(DELIVERY_UNKNOWN, null, "The connection to Resend failed; the send may or may not have"
                + " happened.", null);
    }

    /**
     * Closes the workspace's window while Resend says no request is left: Retry-After on a 429, otherwise
     * ratelimit-reset once ratelimit-remaining reached 0.
     *
     * @return the seconds to wait (at least 1 after a 429, else 0)
     */
    private long honourRateHeaders(String workspaceId, ResendSdk.Call call, boolean limited) {
        Long retryAfter = number(call.header("retry-after"));
        Long remaining = number(call.header("ratelimit-remaining"));
        Long reset = number(call.header("ratelimit-reset"));
        long wait = 0;
        if (limited) {
            wait = Math.max(1, retryAfter != null ? retryAfter : reset != null ? reset : 1);
        } else if (remaining != null && remaining <= 0) {
            wait = Math.max(1, reset == null ? 1 : reset);
        }
        if (wait > 0) {
            Instant until = clock.instant().plusSeconds(wait);
            store.blockSends(workspaceId, until);
        }
        return wait;
    }

    private static Long number(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long seconds(Duration d) {
        long s = d.toSeconds();
        return d.minusSeconds(s).isZero() ? Math.max(1, s) : s + 1;
    }
}
