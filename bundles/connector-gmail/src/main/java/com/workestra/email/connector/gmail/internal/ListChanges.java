package com.workestra.email.connector.gmail.internal;

import com.google.api.client.http.HttpResponseException;
import com.google.api.services.gmail.model.History;
import com.google.api.services.gmail.model.HistoryLabelAdded;
import com.google.api.services.gmail.model.HistoryLabelRemoved;
import com.google.api.services.gmail.model.HistoryMessageAdded;
import com.google.api.services.gmail.model.HistoryMessageDeleted;
import com.google.api.services.gmail.model.ListHistoryResponse;
import com.google.api.services.gmail.model.Message;
import com.workestra.email.spi.ChangePage;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.RemoteMessage;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remote operation users.history.list: one page of changes since a history id, folded per message (the last record
 * of a message wins; a deletion cancels an earlier upsert of the same page). Upserts carry the labels Gmail reports
 * in the record, so folders and read state are known but receivedAt and size are not (the fetch fills them).
 */
final class ListChanges {

    static final List<String> HISTORY_TYPES = List.of("messageAdded", "messageDeleted", "labelAdded",
            "labelRemoved");
    static final long MAX_PAGE_SIZE = 500;

    private final GmailClients clients;

    ListChanges(GmailClients clients) {
        this.clients = clients;
    }

    ChangePage execute(MailboxRef mailbox, String cursor, String pageToken) throws ProviderException {
        BigInteger start;
        try {
            start = new BigInteger(cursor == null ? "" : cursor.trim());
        } catch (NumberFormatException e) {
            throw new ProviderException.Permanent(MailboxOperations.CURSOR_EXPIRED,
                    "The stored Gmail history id is not valid; the mailbox is listed again.", e);
        }
        ListHistoryResponse response;
        try {
            var request = clients.forAccessToken(mailbox.accessToken()).users().history().list("me")
                    .setStartHistoryId(start).setHistoryTypes(HISTORY_TYPES).setMaxResults(MAX_PAGE_SIZE);
            if (pageToken != null && !pageToken.isBlank()) {
                request.setPageToken(pageToken);
            }
            response = request.execute();
        } catch (HttpResponseException e) {
            if (e.getStatusCode() == 404) {
                throw new ProviderException.Permanent(MailboxOperations.CURSOR_EXPIRED,
                        "Gmail no longer keeps the history since the last sync; the mailbox is listed again.", e);
            }
            throw GoogleErrors.map(e, "read the mailbox's changes");
        } catch (IOException e) {
            throw GoogleErrors.map(e, "read the mailbox's changes");
        }
        Map<String, RemoteMessage> upserts = new LinkedHashMap<>();
        Set<String> deleted = new LinkedHashSet<>();
        if (response.getHistory() != null) {
            for (History record : response.getHistory()) {
                fold(record, upserts, deleted);
            }
        }
        String next = response.getNextPageToken();
        boolean last = next == null || next.isBlank();
        String newCursor = null;
        if (last) {
            newCursor = response.getHistoryId() == null ? start.toString() : response.getHistoryId().toString();
        }
        return new ChangePage(new ArrayList<>(upserts.values()), new ArrayList<>(deleted), last ? null : next,
                newCursor);
    }

    private static void fold(History record, Map<String, RemoteMessage> upserts, Set<String> deleted) {
        if (record.getMessagesAdded() != null) {
            for (HistoryMessageAdded added : record.getMessagesAdded()) {
                upsert(added.getMessage(), upserts, deleted);
            }
        }
        if (record.getLabelsAdded() != null) {
            for (HistoryLabelAdded added : record.getLabelsAdded()) {
                upsert(added.getMessage(), upserts, deleted);
            }
        }
        if (record.getLabelsRemoved() != null) {
            for (HistoryLabelRemoved removed : record.getLabelsRemoved()) {
                upsert(removed.getMessage(), upserts, deleted);
            }
        }
        if (record.getMessagesDeleted() != null) {
            for (HistoryMessageDeleted gone : record.getMessagesDeleted()) {
                Message m = gone.getMessage();
                if (m != null && m.getId() != null) {
                    upserts.remove(m.getId());
                    deleted.add(m.getId());
                }
            }
        }
    }

    /** The message's labels in a history record are its labels after that change. */
    private static void upsert(Message m, Map<String, RemoteMessage> upserts, Set<String> deleted) {
        if (m == null || m.getId() == null || deleted.contains(m.getId())) {
            return;
        }
        // re-insert so the page lists messages in the order of their last change
        upserts.remove(m.getId());
        upserts.put(m.getId(), GmailMessages.remote(m.getId(), m.getThreadId(), m.getLabelIds(), null, null));
    }
}
