package com.workestra.email.connector.gmail.internal;

import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.ListMessagesResponse;
import com.google.api.services.gmail.model.Message;
import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.RemoteMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Remote operation users.messages.list: one page of message ids, newest first. Gmail lists ids and thread ids only,
 * so every {@link RemoteMessage} of the page has no folders, read = false, no receivedAt and size -1; the fetch
 * fills them in.
 */
final class ListMessages {

    /** Gmail's maximum page size. */
    static final int MAX_PAGE_SIZE = 500;

    private final GmailClients clients;

    ListMessages(GmailClients clients) {
        this.clients = clients;
    }

    ListPage execute(MailboxRef mailbox, String folder, Instant since, String pageToken, int pageSize)
            throws ProviderException {
        String label;
        try {
            label = GmailMessages.labelOf(folder);
        } catch (IllegalArgumentException e) {
            throw new ProviderException.Permanent(GoogleErrors.INVALID_REQUEST, e.getMessage() + ".", e);
        }
        ListMessagesResponse response;
        try {
            Gmail.Users.Messages.List request = clients.forAccessToken(mailbox.accessToken()).users().messages()
                    .list("me").setMaxResults((long) Math.max(1, Math.min(pageSize, MAX_PAGE_SIZE)));
            if (since != null) {
                request.setQ(afterQuery(since));
            }
            if (label != null) {
                request.setLabelIds(List.of(label));
            }
            if (pageToken != null && !pageToken.isBlank()) {
                request.setPageToken(pageToken);
            }
            response = request.execute();
        } catch (IOException e) {
            throw GoogleErrors.map(e, "list the mailbox's messages");
        }
        List<RemoteMessage> messages = new ArrayList<>();
        if (response.getMessages() != null) {
            for (Message m : response.getMessages()) {
                messages.add(new RemoteMessage(m.getId(), m.getThreadId(), Set.of(), false, null, -1));
            }
        }
        String next = response.getNextPageToken();
        Long estimate = response.getResultSizeEstimate();
        return new ListPage(messages, next == null || next.isBlank() ? null : next,
                estimate == null ? -1 : estimate);
    }

    /**
     * Gmail's {@code after:} takes whole epoch seconds and is exclusive, so "at or after {@code since}" is
     * {@code after:(ceil(since) - 1)}: nothing at or after {@code since} is missed, and at most the second before it
     * is listed too (harmless: the engine upserts idempotently).
     */
    static String afterQuery(Instant since) {
        long ceilSeconds = since.getEpochSecond() + (since.getNano() > 0 ? 1 : 0);
        return "after:" + (ceilSeconds - 1);
    }
}
