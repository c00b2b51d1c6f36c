package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drains the delta of the inbox and of sent items in large pages and keeps only the two delta links. */
final class CurrentCursor {

    /** A folder with more pages than this is not drained (10 million messages at the maximum page size). */
    static final int MAX_PAGES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(CurrentCursor.class);

    private final GraphServiceClient graph;
    private final GraphErrors errors;

    CurrentCursor(GraphServiceClient graph, GraphErrors errors) {
        this.graph = graph;
        this.errors = errors;
    }

    /** The cursor that marks "now" for both folders. */
    String execute(MailboxRef mailbox) throws ProviderException {
        String inbox = drain(mailbox, Mailboxes.INBOX);
        String sent = drain(mailbox, Mailboxes.SENT);
        return new DeltaCursor(inbox, sent).encode();
    }

    private String drain(MailboxRef mailbox, String folder) throws ProviderException {
        String link = null;
        for (int pages = 1; pages <= MAX_PAGES; pages++) {
            DeltaPage page = DeltaPage.read(graph, errors, mailbox, folder, link);
            if (page.deltaLink() != null) {
                LOG.debug("mailbox {}: {} delta drained in {} pages", mailbox.connectionId(), folder, pages);
                return page.deltaLink();
            }
            link = page.nextLink();
        }
        throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                "The " + folder + " folder has more changes than the connector drains at once.", null);
    }
}
