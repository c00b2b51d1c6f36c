package com.workestra.email.sandbox.microsoft;

import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the Graph emulator needs from the sandbox's shared mailbox model and token store, so Graph's wire logic does
 * not depend on the model's internals. {@link CoreBackend} binds it to the core.
 */
interface MailBackend {

    /** Folder of a message as Graph names the well-known folders. */
    enum Folder {
        INBOX("inbox", "Inbox"), SENTITEMS("sentitems", "Sent Items");

        final String wellKnown;
        final String displayName;

        Folder(String wellKnown, String displayName) {
            this.wellKnown = wellKnown;
            this.displayName = displayName;
        }
    }

    /** An outlook mailbox (a user or a shared mailbox). */
    record Account(String address, String displayName, boolean shared, List<String> sharedWith) {
    }

    /** A message as stored: provider-side state plus its RFC 5322 bytes, rendered on demand. */
    record Mail(String id, long sequence, Folder folder, boolean read, Instant received, Supplier<byte[]> content,
            String threadId) {

        /** The RFC 5322 bytes. */
        byte[] raw() {
            return content.get();
        }
    }

    /** One change-log entry of a mailbox; {@code kind} is created, updated or deleted. */
    record Change(long position, String messageId, String kind, Folder folder) {
    }

    /** The outlook account with this address (case-insensitive), or null. */
    Account account(String address);

    /** Every outlook account, for the account picker. */
    List<Account> accounts();

    /**
     * Live messages newest first (by mailbox sequence), below sequence {@code before} (exclusive), matching
     * {@code filter}, at most {@code limit}.
     */
    List<Mail> newestFirst(String address, long before, int limit, Predicate<Mail> filter);

    /** Number of live messages matching {@code filter}. */
    int count(String address, Predicate<Mail> filter);

    /** One message, or null. */
    Mail message(String address, String id);

    /** The current change-log position of a mailbox. */
    long position(String address);

    /** Changes after {@code position}, oldest first, or null when that position is older than the kept history. */
    List<Change> changesSince(String address, long position);

    /** Sets the read state; false when the message does not exist. */
    boolean setRead(String address, String id, boolean read);

    /**
     * Records a message sent through the API: always in the account's sent list, and as a sent item when
     * {@code saveToSentItems}. Returns the stored id (or null when not saved).
     */
    String recordSent(String address, SendMailBuilder.Built message, boolean saveToSentItems);

    /** Registers a listener called after every change of any outlook mailbox (address, change). */
    void onChange(BiConsumer<String, Change> listener);

    // ---- tokens ----

    /** Who an access token belongs to. */
    record TokenOwner(String address, String clientId, String scope) {
    }

    /** The owner of a valid access token, or null when unknown, expired or revoked. */
    TokenOwner accessToken(String token);

    /** Whether the provider quotas (throttling) are on. */
    boolean quotasEnabled();

    /** Records one Graph request in the sandbox statistics. */
    void count(String method, String operation);

    /** Records one request admitted by the mailbox's throttle (its quota spent, for benchmarks). */
    void spent(String mailbox);
}
