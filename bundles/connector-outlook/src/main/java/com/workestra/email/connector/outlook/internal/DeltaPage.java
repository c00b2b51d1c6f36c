package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.Message;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.mailfolders.item.messages.delta.DeltaGetResponse;
import com.microsoft.graph.users.item.mailfolders.item.messages.delta.DeltaRequestBuilder;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import java.util.List;

/**
 * {@code GET …/mailFolders/{inbox|sentitems}/messages/delta}: one page of a folder's delta, either the start of a
 * round or a nextLink/deltaLink followed verbatim.
 *
 * @param messages the page's messages ({@code @removed} ones in their additional data)
 * @param nextLink the next page of this round, or null
 * @param deltaLink the link of the next round (on the last page), or null
 */
record DeltaPage(List<Message> messages, String nextLink, String deltaLink) {

    /** Page size asked for while draining; Graph's maximum. */
    static final int PAGE_SIZE = 1000;

    private static final String ACTION = "reading mailbox changes";

    /**
     * Reads one delta page.
     *
     * @param link null to start a round without a token, else a nextLink or deltaLink
     * @throws ProviderException with code CURSOR_EXPIRED when Graph no longer knows the link's sync state
     */
    static DeltaPage read(GraphServiceClient graph, GraphErrors errors, MailboxRef mailbox, String folder,
            String link) throws ProviderException {
        DeltaRequestBuilder delta = Mailboxes.user(graph, mailbox).mailFolders()
                .byMailFolderId(Mailboxes.wellKnownFolder(folder)).messages().delta();
        DeltaGetResponse r;
        try {
            if (link == null) {
                r = delta.get(request -> {
                    // the sync state keeps the $select, so later rounds return what an upsert needs
                    request.queryParameters.select = Mailboxes.META_SELECT;
                    Mailboxes.prefer(request.headers, "odata.maxpagesize=" + PAGE_SIZE);
                });
            } else {
                r = delta.withUrl(link).get(request -> Mailboxes.prefer(request.headers,
                        "odata.maxpagesize=" + PAGE_SIZE));
            }
        } catch (RuntimeException e) {
            throw errors.mapDelta(e, ACTION);
        }
        if (r == null || (r.getOdataNextLink() == null && r.getOdataDeltaLink() == null)) {
            throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                    "Microsoft 365 answered a change listing without a next or delta link.", null);
        }
        return new DeltaPage(r.getValue() == null ? List.of() : r.getValue(), r.getOdataNextLink(),
                r.getOdataDeltaLink());
    }
}
