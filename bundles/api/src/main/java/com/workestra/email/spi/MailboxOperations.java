package com.workestra.email.spi;

import java.time.Instant;
import java.util.List;

/**
 * Connector SPI, the mail operations the sync engine and the sending path use. Coarse on purpose: one call is one
 * page or one batch, so the engine can work in bounded slices, persist progress after each, and pause, cancel or fail
 * over exactly. Implementations honour the provider's limits by throwing {@link ProviderException.RateLimited} with
 * the provider's Retry-After instead of sleeping.
 */
public interface MailboxOperations {

    /**
     * Lists messages received at or after {@code since} (null = all), newest first, one page at a time.
     *
     * @param folder {@code inbox} or {@code sent}; Gmail may ignore it and list all mail when null
     * @param pageToken null for the first page
     * @param pageSize the page size wanted (the connector caps it at the provider's maximum)
     */
    ListPage list(MailboxRef mailbox, String folder, Instant since, String pageToken, int pageSize)
            throws ProviderException;

    /**
     * How many messages a listing of {@code folder} received at or after {@code since} (null = all) holds: the
     * provider's count or estimate (backfill preview and progress), or -1 when the provider cannot tell. By default
     * the estimate of the listing's first page.
     */
    default long count(MailboxRef mailbox, String folder, Instant since) throws ProviderException {
        return list(mailbox, folder, since, null, 1).estimatedTotal();
    }

    /**
     * Fetches the raw content of up to a batch of messages in as few round trips as the provider allows (Gmail batch
     * of up to 100, Graph $batch of 20). Messages that disappeared meanwhile are left out of the answer.
     */
    List<FetchedMessage> fetch(MailboxRef mailbox, List<String> providerIds) throws ProviderException;

    /**
     * Fetches messages the caller listed moments ago ({@link #list} or {@link #changes}): a connector may take their
     * metadata (thread, folders, read state, received time) from the listing and fetch only the raw content, at the
     * quota cost {@link ProviderQuota#fetchCostPerMessage()} declares. The metadata may be seconds old; the next sync
     * brings any later change. Messages that disappeared meanwhile are left out of the answer.
     */
    default List<FetchedMessage> fetchListed(MailboxRef mailbox, List<RemoteMessage> listed)
            throws ProviderException {
        return fetch(mailbox, listed.stream().map(RemoteMessage::providerId).toList());
    }

    /**
     * {@link #fetchListed(MailboxRef, List)}, telling {@code arrival} when each of the provider's answers began to
     * arrive, so the quota pacing counts the call from then (by default it is told nothing and counts from the end
     * of the call).
     */
    default List<FetchedMessage> fetchListed(MailboxRef mailbox, List<RemoteMessage> listed, AnswerArrival arrival)
            throws ProviderException {
        return fetchListed(mailbox, listed);
    }

    /**
     * The cursor that marks "now" for incremental sync (Gmail: the profile's historyId; Graph: a delta link obtained
     * by draining the delta of each folder without content).
     */
    String currentCursor(MailboxRef mailbox) throws ProviderException;

    /**
     * Changes since a cursor, one page at a time.
     *
     * @throws ProviderException.Permanent with code {@link #CURSOR_EXPIRED} when the provider no longer knows the
     *     cursor (Gmail 404, Graph 410 syncStateNotFound): the engine then re-lists and reconciles
     */
    ChangePage changes(MailboxRef mailbox, String cursor, String pageToken) throws ProviderException;

    /** Marks a message read or unread at the provider (Gmail UNREAD label, Graph isRead). */
    void setRead(MailboxRef mailbox, String providerId, boolean read) throws ProviderException;

    /**
     * Sends a complete RFC 5322 message (Gmail raw send with threadId; Graph sendMail from MIME) and returns the
     * provider id of the sent copy when the provider tells it, else null.
     *
     * @param providerThreadId the thread to add the message to, or null
     */
    String send(MailboxRef mailbox, byte[] mime, String providerThreadId) throws ProviderException;

    /**
     * The provider's published per-mailbox quota, which the sync engine paces itself by. Connectors of providers with
     * a published quota override it.
     */
    default ProviderQuota quota() {
        return ProviderQuota.UNLIMITED;
    }

    /** Code of the exception that says the incremental cursor is no longer valid. */
    String CURSOR_EXPIRED = "cursor_expired";
}
