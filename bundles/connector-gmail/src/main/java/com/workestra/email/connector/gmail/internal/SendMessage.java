package com.workestra.email.connector.gmail.internal;

import com.google.api.services.gmail.model.Message;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import java.io.IOException;

/**
 * Remote operation users.messages.send with the message in the JSON {@code raw} field (and the thread id beside it):
 * one request, and no media upload, whose path ignores the configured API root (see GMAIL-WIRE.md).
 */
final class SendMessage {

    private final GmailClients clients;

    SendMessage(GmailClients clients) {
        this.clients = clients;
    }

    /** Sends {@code mime} and returns the id of the sent copy. */
    String execute(MailboxRef mailbox, byte[] mime, String threadId) throws ProviderException {
        if (mime == null || mime.length == 0) {
            throw new ProviderException.Permanent(GoogleErrors.INVALID_REQUEST, "The message to send is empty.",
                    null);
        }
        Message message = new Message().encodeRaw(mime);
        if (threadId != null && !threadId.isBlank()) {
            message.setThreadId(threadId);
        }
        Message sent;
        try {
            sent = clients.forAccessToken(mailbox.accessToken()).users().messages().send("me", message).execute();
        } catch (IOException e) {
            throw GoogleErrors.mapSend(e);
        }
        return sent == null ? null : sent.getId();
    }
}
