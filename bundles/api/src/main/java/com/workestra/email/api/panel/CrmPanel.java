package com.workestra.email.api.panel;

import com.workestra.email.api.Caller;

/**
 * The CRM module's email panel: threads linked to contacts and deals. Only threads of mailboxes the caller may read
 * (their own connections) are ever returned.
 */
public interface CrmPanel {

    /**
     * Threads linked to a contact.
     *
     * @param caller the signed-in user
     * @param contactId the host's contact id
     * @param cursor the previous page's {@code nextCursor}, or null
     * @param limit page size (1..200)
     * @return newest first
     */
    ThreadPage contactThreads(Caller caller, String contactId, String cursor, int limit);

    /**
     * Threads linked to a deal (through its contacts).
     *
     * @param caller the signed-in user
     * @param dealId the host's deal id
     * @param cursor the previous page's {@code nextCursor}, or null
     * @param limit page size (1..200)
     * @return newest first
     */
    ThreadPage dealThreads(Caller caller, String dealId, String cursor, int limit);
}
