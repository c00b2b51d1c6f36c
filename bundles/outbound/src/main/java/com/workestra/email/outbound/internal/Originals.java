package com.workestra.email.outbound.internal;

import com.workestra.email.api.ApiException;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.MailboxAccess;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.MessageStore.ReplyTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches a forwarded message's raw MIME from the provider of the connection that holds it (Gmail format=raw, Graph
 * /$value through {@link MailboxOperations#fetch}) when the forward is submitted, and parses it. Provider failures
 * become the API's errors naming {@code forwardMessageId}; nothing is stored or sent when the original is missing.
 */
final class Originals {

    static final String FIELD = "forwardMessageId";
    private static final long RETRY_AFTER_SECONDS = 30;

    private final ConnectionStore connections;
    private final Providers providers;

    Originals(ConnectionStore connections, Providers providers) {
        this.connections = connections;
        this.providers = providers;
    }

    /** The forwarded message as the provider has it now. */
    Forwarding.Original fetch(ReplyTarget target) {
        ConnectionRecord c = connections.find(target.connectionId()).filter(ConnectionRecord::active).orElse(null);
        if (c == null) {
            throw Fields.refused(FIELD, "original_unavailable", "The mailbox holding this message is disconnected;"
                    + " reconnect it to forward the message with its attachments.");
        }
        if (!target.atProvider()) {
            throw Fields.refused(FIELD, "original_unavailable", "This message is not at the provider yet; try"
                    + " again in a moment.");
        }
        MailboxAccess access = providers.access();
        MailboxOperations ops = providers.operations(c.provider());
        if (access == null || ops == null) {
            throw unavailable(503, "Reading mail from " + c.provider() + " is not available on this server right now.");
        }
        List<FetchedMessage> fetched;
        try {
            MailboxRef mailbox = access.open(c.id(), null);
            try {
                fetched = ops.fetch(mailbox, List.of(target.providerId()));
            } catch (ProviderException.Authorization e) {
                if (!ProviderException.TOKEN_EXPIRED.equals(e.code())) {
                    throw e;
                }
                fetched = ops.fetch(access.open(c.id(), mailbox.accessToken()), List.of(target.providerId()));
            }
        } catch (ProviderException e) {
            throw failure(e);
        }
        FetchedMessage m = fetched.stream().filter(f -> f.raw() != null).findFirst().orElseThrow(() ->
                Fields.refused(FIELD, "original_unavailable", "This message is no longer in the mailbox at "
                        + c.provider() + "."));
        try {
            return Forwarding.parse(m.raw());
        } catch (IllegalArgumentException e) {
            throw Fields.refused(FIELD, "original_unreadable", "This message cannot be read for forwarding.");
        }
    }

    private static ApiException failure(ProviderException e) {
        if (e instanceof ProviderException.RateLimited r) {
            Map<String, Object> details = new HashMap<>();
            details.put("field", FIELD);
            details.put("retryAfter", Math.max(1, r.retryAfter().toSeconds()));
            return new ApiException(429, ProviderException.RATE_LIMITED, "The provider is rate limiting reads of"
                    + " this mailbox; try again later.", details);
        }
        if (e instanceof ProviderException.Authorization) {
            return Fields.refused(FIELD, e.code(), "The mailbox holding this message needs to be reconnected before"
                    + " its message can be forwarded.");
        }
        if (e instanceof ProviderException.Transient) {
            return unavailable(502, "The provider did not return the message to forward; try again shortly.");
        }
        return Fields.refused(FIELD, "original_unavailable", "The provider refused to return the message to"
                + " forward.");
    }

    private static ApiException unavailable(int status, String message) {
        return new ApiException(status, ProviderException.PROVIDER_UNAVAILABLE, message, Map.of("field", FIELD,
                "retryAfter", RETRY_AFTER_SECONDS));
    }
}
