package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.Message;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.workestra.email.spi.ChangePage;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.RemoteMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One page of a changes round: the inbox delta first, then the sent items delta; the new cursor comes with the last
 * page of the sent items. Messages Graph reports as {@code @removed} (deleted, or moved out of the folder) are
 * deletions; everything else is an upsert with its read state and folder.
 */
final class ListChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ListChanges.class);

    private final GraphServiceClient graph;
    private final GraphErrors errors;

    ListChanges(GraphServiceClient graph, GraphErrors errors) {
        this.graph = graph;
        this.errors = errors;
    }

    ChangePage execute(MailboxRef mailbox, String cursor, String pageToken) throws ProviderException {
        DeltaCursor.Position at;
        if (pageToken == null) {
            DeltaCursor start = DeltaCursor.decode(cursor);
            at = new DeltaCursor.Position(Mailboxes.INBOX, start.inbox(), start);
        } else {
            at = DeltaCursor.Position.decode(pageToken);
        }
        DeltaPage page = DeltaPage.read(graph, errors, mailbox, at.folder(), at.link());
        List<RemoteMessage> upserts = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (Message m : page.messages()) {
            if (m.getId() == null) {
                continue;
            }
            Map<String, Object> extra = m.getAdditionalData();
            if (extra != null && extra.containsKey("@removed")) {
                deleted.add(m.getId());
            } else {
                upserts.add(Mailboxes.remote(m, at.folder(), -1));
            }
        }
        String nextToken = null;
        String newCursor = null;
        if (page.nextLink() != null) {
            nextToken = new DeltaCursor.Position(at.folder(), page.nextLink(), at.cursor()).encode();
        } else {
            DeltaCursor done = at.cursor().with(at.folder(), page.deltaLink());
            if (Mailboxes.INBOX.equals(at.folder())) {
                nextToken = new DeltaCursor.Position(Mailboxes.SENT, done.sent(), done).encode();
            } else {
                newCursor = done.encode();
            }
        }
        LOG.debug("mailbox {}: {} changes: {} upserts, {} deletions, round done: {}", mailbox.connectionId(),
                at.folder(), upserts.size(), deleted.size(), newCursor != null);
        return new ChangePage(upserts, deleted, nextToken, newCursor);
    }
}
