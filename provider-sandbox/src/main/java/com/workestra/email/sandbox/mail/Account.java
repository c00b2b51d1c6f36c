package com.workestra.email.sandbox.mail;

import com.workestra.email.sandbox.Provider;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An emulated account (a Gmail or an Outlook mailbox).
 *
 * @param provider    gmail or outlook
 * @param address     the mailbox address as created (compare case-insensitively)
 * @param displayName the owner's display name
 * @param sharedWith  delegates who may open this mailbox (Graph shared mailboxes)
 * @param seed        the generator seed
 * @param createdAt   creation time
 */
public record Account(Provider provider, String address, String displayName, List<String> sharedWith, long seed,
        Instant createdAt) {

    /** Whether {@code user} may open this mailbox: its owner or one of its delegates. */
    public boolean openableBy(String user) {
        if (user == null) {
            return false;
        }
        if (user.equalsIgnoreCase(address)) {
            return true;
        }
        return sharedWith.stream().anyMatch(s -> s.equalsIgnoreCase(user));
    }

    /** Whether this is a shared mailbox (it has delegates). */
    public boolean shared() {
        return !sharedWith.isEmpty();
    }

    /** The lower-case address used as the store key. */
    public String key() {
        return address.toLowerCase(Locale.ROOT);
    }
}
