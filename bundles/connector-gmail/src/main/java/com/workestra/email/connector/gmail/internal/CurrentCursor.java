package com.workestra.email.connector.gmail.internal;

import com.google.api.services.gmail.model.Profile;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import java.io.IOException;

/** Remote operation users.getProfile for its historyId: the incremental-sync cursor that means "now". */
final class CurrentCursor {

    private final GmailClients clients;

    CurrentCursor(GmailClients clients) {
        this.clients = clients;
    }

    String execute(MailboxRef mailbox) throws ProviderException {
        Profile profile;
        try {
            profile = clients.forAccessToken(mailbox.accessToken()).users().getProfile("me").execute();
        } catch (IOException e) {
            throw GoogleErrors.map(e, "read the mailbox's history id");
        }
        if (profile.getHistoryId() == null) {
            throw new ProviderException.Permanent(GoogleErrors.INVALID_RESPONSE,
                    "Gmail answered the profile without a history id.", null);
        }
        return profile.getHistoryId().toString();
    }
}
