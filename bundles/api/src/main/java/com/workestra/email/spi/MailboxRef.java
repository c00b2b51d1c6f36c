package com.workestra.email.spi;

/**
 * The mailbox a connector call works on, with a valid access token of the connection that reaches it.
 *
 * @param connectionId our connection id (for logs as {@code mailbox <id>:})
 * @param address the mailbox address; for shared mailboxes the shared address reached through a delegate's token
 * @param shared whether this is a shared mailbox opened through a delegating account
 * @param accessToken a currently valid access token (never logged)
 */
public record MailboxRef(String connectionId, String address, boolean shared, String accessToken) {

    /** Never prints the token. */
    @Override
    public String toString() {
        return "MailboxRef[" + connectionId + ", shared=" + shared + "]";
    }
}
