package com.workestra.email.connector.gmail.internal;

import com.google.api.services.gmail.model.ModifyMessageRequest;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import java.io.IOException;
import java.util.List;

/** Remote operation users.messages.modify of the UNREAD label: read state pushed back to Gmail. */
final class SetReadState {

    private final GmailClients clients;

    SetReadState(GmailClients clients) {
        this.clients = clients;
    }

    void execute(MailboxRef mailbox, String providerId, boolean read) throws ProviderException {
        List<String> unread = List.of(GmailMessages.UNREAD);
        ModifyMessageRequest change = read ? new ModifyMessageRequest().setRemoveLabelIds(unread)
                : new ModifyMessageRequest().setAddLabelIds(unread);
        try {
            clients.forAccessToken(mailbox.accessToken()).users().messages().modify("me", providerId, change)
                    .execute();
        } catch (IOException e) {
            throw GoogleErrors.map(e, read ? "mark the message read" : "mark the message unread");
        }
    }
}
