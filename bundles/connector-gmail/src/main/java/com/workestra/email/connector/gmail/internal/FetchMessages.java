package com.workestra.email.connector.gmail.internal;

import com.google.api.client.googleapis.batch.BatchRequest;
import com.google.api.client.googleapis.batch.json.JsonBatchCallback;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.http.HttpHeaders;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.Message;
import com.workestra.email.spi.AnswerArrival;
import com.workestra.email.spi.FetchedMessage;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote operation users.messages.get(format=raw) for up to {@value #MAX_BATCH} messages per HTTP round trip through
 * Gmail's batch endpoint.
 *
 * <p>All or nothing: a message Gmail no longer has (404) is left out, but any other failed part fails the whole call,
 * a rate-limited part as {@link ProviderException.RateLimited} with the longest wait any part asked for. Returning
 * the successful parts alone would look to the engine as if the others had been deleted, and its cursor would move
 * past them. Retrying the whole batch is safe: a fetch only reads, and the engine upserts on Gmail's immutable id.
 * Each part costs 5 quota units of Gmail's 250 per user and second, so batches of more than 50 are always throttled
 * in part; the engine fetches at most 10 at a time (the connector's {@code ProviderQuota.fetchBatch}).
 */
final class FetchMessages {

    /** Gmail's limit of calls per batch request. */
    static final int MAX_BATCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(FetchMessages.class);

    private final GmailClients clients;

    FetchMessages(GmailClients clients) {
        this.clients = clients;
    }

    /**
     * Fetches the messages; {@code arrival} is told when each batch answer's headers arrived (Gmail answers a batch
     * once it ran every part, so each part was counted against the quota by then).
     */
    List<FetchedMessage> execute(MailboxRef mailbox, List<String> providerIds, AnswerArrival arrival)
            throws ProviderException {
        List<String> ids = List.copyOf(new LinkedHashSet<>(providerIds));
        if (ids.isEmpty()) {
            return List.of();
        }
        Gmail gmail = clients.forAccessToken(mailbox.accessToken());
        Map<String, FetchedMessage> fetched = new HashMap<>();
        List<ProviderException> failures = new ArrayList<>();
        int missing = 0;
        for (int from = 0; from < ids.size(); from += MAX_BATCH) {
            Round round = new Round();
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_BATCH));
            try {
                BatchRequest batch = gmail.batch(request -> request.setResponseInterceptor(
                        response -> arrival.arrived()));
                for (String id : chunk) {
                    gmail.users().messages().get("me", id).setFormat("raw").queue(batch, round.callback(id));
                }
                batch.execute();
            } catch (IOException e) {
                throw GoogleErrors.map(e, "fetch messages");
            }
            fetched.putAll(round.fetched);
            failures.addAll(round.failures);
            missing += round.missing;
        }
        if (!failures.isEmpty()) {
            throw worst(failures, ids.size());
        }
        if (missing > 0) {
            LOG.debug("mailbox {}: {} of {} messages were gone before they could be fetched",
                    mailbox.connectionId(), missing, ids.size());
        }
        List<FetchedMessage> out = new ArrayList<>(fetched.size());
        for (String id : ids) {
            FetchedMessage m = fetched.get(id);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** Rate limiting first (with the longest wait), then whatever failed first. */
    private static ProviderException worst(List<ProviderException> failures, int total) {
        ProviderException.RateLimited longest = null;
        for (ProviderException f : failures) {
            if (f instanceof ProviderException.RateLimited limited
                    && (longest == null || limited.retryAfter().compareTo(longest.retryAfter()) > 0)) {
                longest = limited;
            }
        }
        if (longest != null) {
            Duration wait = longest.retryAfter();
            return new ProviderException.RateLimited(wait, "Gmail limited " + failures.size() + " of " + total
                    + " message fetches; Workestra will fetch the batch again in " + wait.toSeconds() + " seconds.",
                    longest);
        }
        return failures.get(0);
    }

    /** The answers of one batch round trip, collected by its callbacks (run on the calling thread). */
    private static final class Round {
        final Map<String, FetchedMessage> fetched = new HashMap<>();
        final List<ProviderException> failures = new ArrayList<>();
        int missing;

        JsonBatchCallback<Message> callback(String id) {
            return new JsonBatchCallback<>() {
                @Override
                public void onSuccess(Message message, HttpHeaders headers) {
                    byte[] raw = message.decodeRaw();
                    if (raw == null) {
                        failures.add(new ProviderException.Permanent(GoogleErrors.INVALID_RESPONSE,
                                "Gmail answered a message without its content.", null));
                        return;
                    }
                    String messageId = message.getId() == null ? id : message.getId();
                    fetched.put(id, new FetchedMessage(GmailMessages.remote(messageId, message.getThreadId(),
                            message.getLabelIds(), message.getInternalDate(), message.getSizeEstimate()), raw));
                }

                @Override
                public void onFailure(GoogleJsonError error, HttpHeaders headers) {
                    if (error.getCode() == 404) {
                        missing++;
                    } else {
                        failures.add(GoogleErrors.map(error, headers, "fetch a message"));
                    }
                }
            };
        }
    }
}
