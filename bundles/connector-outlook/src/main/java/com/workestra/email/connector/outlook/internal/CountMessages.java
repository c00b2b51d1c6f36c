package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.MailFolder;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.MessageCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.mailfolders.item.messages.MessagesRequestBuilder;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * How many messages a folder holds: the whole folder from {@code GET …/mailFolders/{folder}} ({@code totalItemCount},
 * one request); since a date, from {@code $count} on the filtered listing, or, where the service leaves the count out,
 * by paging the ids only ({@code $select=id}, {@value ListMessages#MAX_PAGE} per request).
 */
final class CountMessages {

    private static final String ACTION = "counting messages";

    private final GraphServiceClient graph;
    private final GraphErrors errors;

    CountMessages(GraphServiceClient graph, GraphErrors errors) {
        this.graph = graph;
        this.errors = errors;
    }

    long execute(MailboxRef mailbox, String folder, Instant since) throws ProviderException {
        String wellKnown = Mailboxes.wellKnownFolder(folder);
        try {
            if (since == null) {
                MailFolder f = Mailboxes.user(graph, mailbox).mailFolders().byMailFolderId(wellKnown).get(request -> {
                    request.queryParameters.select = new String[] {"totalItemCount"};
                    Mailboxes.prefer(request.headers);
                });
                if (f != null && f.getTotalItemCount() != null) {
                    return f.getTotalItemCount();
                }
            }
            MessagesRequestBuilder messages = Mailboxes.user(graph, mailbox).mailFolders().byMailFolderId(wellKnown)
                    .messages();
            String filter = since == null ? null : "receivedDateTime ge "
                    + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(since.atOffset(ZoneOffset.UTC));
            MessageCollectionResponse page = messages.get(request -> {
                request.queryParameters.select = new String[] {"id"};
                request.queryParameters.top = ListMessages.MAX_PAGE;
                request.queryParameters.count = Boolean.TRUE;
                request.queryParameters.filter = filter;
                request.headers.add("ConsistencyLevel", "eventual");
                Mailboxes.prefer(request.headers);
            });
            if (page != null && page.getOdataCount() != null) {
                return page.getOdataCount();
            }
            long n = 0;
            while (page != null) {
                List<Message> value = page.getValue();
                n += value == null ? 0 : value.size();
                String next = page.getOdataNextLink();
                page = next == null ? null
                        : messages.withUrl(next).get(request -> Mailboxes.prefer(request.headers));
            }
            return n;
        } catch (RuntimeException e) {
            throw errors.map(e, ACTION);
        }
    }
}
