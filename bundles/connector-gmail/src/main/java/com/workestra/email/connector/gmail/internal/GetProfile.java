package com.workestra.email.connector.gmail.internal;

import com.google.api.services.gmail.model.Profile;
import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.spi.ProviderException;
import java.io.IOException;

/** Remote operation users.getProfile("me"): whom an access token belongs to. */
final class GetProfile {

    private final GmailClients clients;

    GetProfile(GmailClients clients) {
        this.clients = clients;
    }

    /** The account of {@code accessToken}; Google's immutable account id for Gmail is the address. */
    ProviderAccount execute(String accessToken) throws ProviderException {
        Profile profile;
        try {
            profile = clients.forAccessToken(accessToken).users().getProfile("me").execute();
        } catch (IOException e) {
            throw GoogleErrors.map(e, "read the Gmail profile");
        }
        String address = profile.getEmailAddress();
        if (address == null || address.isBlank()) {
            throw new ProviderException.Permanent(GoogleErrors.INVALID_RESPONSE,
                    "Gmail answered without the mailbox address.", null);
        }
        return new ProviderAccount(address, address, null);
    }
}
