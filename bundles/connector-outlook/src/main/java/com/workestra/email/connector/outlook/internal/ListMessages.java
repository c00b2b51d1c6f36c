package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.MessageCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.mailfolders.item.messages.MessagesRequestBuilder;
import com.workestra.email.spi.ListPage;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.RemoteMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET …/mailFolders/{inbox|sentitems}/messages}: one page of a backfill listing, newest first. */
final class ListMessages {

    /** Graph's largest {@code $top} for messages. */
    static final int MAX_PAGE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ListMessages.class);
    private static final String ACTION = "listing messages";

    private final GraphServiceClient graph;
    private final GraphErrors errors;

    ListMessages(GraphServiceClient graph, GraphErrors errors) {
        this.graph = graph;
        this.errors = errors;
    }

    /**
     * Reads one page.
     *
     * @param pageToken null for the first page, else the previous page's {@code @odata.nextLink} (followed verbatim)
     */
    ListPage execute(MailboxRef mailbox, String folder, Instant since, String pageToken, int pageSize)
            throws ProviderException {
        String wellKnown = Mailboxes.wellKnownFolder(folder);
        MessagesRequestBuilder messages = Mailboxes.user(graph, mailbox).mailFolders().byMailFolderId(wellKnown)
                .messages();
        MessageCollectionResponse page;
        try {
            if (pageToken == null) {
                int top = Math.max(1, Math.min(MAX_PAGE, pageSize));
                page = messages.get(request -> {
                    request.queryParameters.select = Mailboxes.META_SELECT;
                    request.queryParameters.top = top;
                    request.queryParameters.count = Boolean.TRUE;
                    if (since != null) {
                        request.queryParameters.filter = "receivedDateTime ge "
                                + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(since.atOffset(ZoneOffset.UTC));
                    }
                    // $count on messages needs the eventual consistency level on Graph
                    request.headers.add("ConsistencyLevel", "eventual");
                    Mailboxes.prefer(request.headers);
                });
            } else {
                page = messages.withUrl(pageToken).get(request -> Mailboxes.prefer(request.headers));
            }
        } catch (RuntimeException e) {
            throw errors.map(e, ACTION);
        }
        if (page == null) {
            throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                    "Microsoft 365 answered a message listing without content.", null);
        }
        String name = folder.trim().toLowerCase(Locale.ROOT);
        List<RemoteMessage> out = new ArrayList<>();
        for (Message m : page.getValue() == null ? List.<Message>of() : page.getValue()) {
            if (m.getId() != null) {
                out.add(Mailboxes.remote(m, name, -1));
            }
        }
        long total = page.getOdataCount() == null ? -1 : page.getOdataCount();
        LOG.debug("mailbox {}: listed {} messages of {}, more: {}", mailbox.connectionId(), out.size(), name,
                page.getOdataNextLink() != null);
        return new ListPage(out, page.getOdataNextLink(), total);
    }
}
