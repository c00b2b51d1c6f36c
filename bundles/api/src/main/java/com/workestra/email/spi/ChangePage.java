package com.workestra.email.spi;

import java.util.List;

/**
 * One page of incremental changes since a cursor (Gmail history, Graph delta).
 *
 * @param upserts new messages and messages whose state (read, folders) changed
 * @param deletedIds provider ids removed from the mailbox
 * @param nextPageToken more changes of the same round, or null
 * @param newCursor the cursor to store once this page is committed (on the last page; null before)
 */
public record ChangePage(List<RemoteMessage> upserts, List<String> deletedIds, String nextPageToken,
        String newCursor) {

    /** Copies the lists. */
    public ChangePage {
        upserts = List.copyOf(upserts);
        deletedIds = List.copyOf(deletedIds);
    }
}
