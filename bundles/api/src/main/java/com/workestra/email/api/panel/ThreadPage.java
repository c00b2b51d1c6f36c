package com.workestra.email.api.panel;

import java.util.List;

/**
 * A page of linked threads, newest first.
 *
 * @param items the threads of this page
 * @param nextCursor pass it as {@code cursor} for the next page; null on the last page
 */
public record ThreadPage(List<ThreadSummary> items, String nextCursor) {

    /** Copies the items. */
    public ThreadPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
