package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.Message;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code PATCH …/messages/{id}} with {@code isRead}. */
final class SetReadState {

    private static final Logger LOG = LoggerFactory.getLogger(SetReadState.class);
    private static final String ACTION = "changing a message's read state";

    private final GraphServiceClient graph;
    private final GraphErrors errors;

    SetReadState(GraphServiceClient graph, GraphErrors errors) {
        this.graph = graph;
        this.errors = errors;
    }

    void execute(MailboxRef mailbox, String providerId, boolean read) throws ProviderException {
        Message patch = new Message();
        patch.setIsRead(read);
        try {
            Mailboxes.user(graph, mailbox).messages().byMessageId(providerId).patch(patch,
                    request -> Mailboxes.prefer(request.headers));
        } catch (RuntimeException e) {
            throw errors.map(e, ACTION);
        }
        LOG.debug("mailbox {}: message marked {}", mailbox.connectionId(), read ? "read" : "unread");
    }
}
