package com.workestra.email.spi;

import java.util.List;

/**
 * One page of a backfill listing, newest first.
 *
 * @param messages the messages of this page (content not fetched yet)
 * @param nextPageToken opaque token of the next page, or null at the end
 * @param estimatedTotal the provider's estimate of the whole listing, or -1
 */
public record ListPage(List<RemoteMessage> messages, String nextPageToken, long estimatedTotal) {

    /** Copies the list. */
    public ListPage {
        messages = List.copyOf(messages);
    }
}
