package com.workestra.email.api.panel;

import com.workestra.email.api.Caller;

/**
 * The threads of a record's panel as the caller may see them: every mailbox of the caller's workspace that reaches
 * the record, each cut to its owner's visibility (own mailboxes in full; shared and intake mailboxes of the module in
 * full to its members).
 */
public interface PanelThreadService {

    /**
     * One page of the threads linked to a record, newest first.
     *
     * @param caller the signed-in user
     * @param module crm, support or recruiting
     * @param objectType contact, deal, ticket or candidate
     * @param objectId the host's record id
     * @param cursor the previous page's {@code nextCursor}, or null
     * @param limit page size (1..200)
     * @return the page
     */
    ThreadPage page(Caller caller, String module, String objectType, String objectId, String cursor, int limit);

    /**
     * A thread of a record's panel.
     *
     * @param threadId the id of a thread the panel lists
     * @return the thread cut to the caller's access
     * @throws com.workestra.email.api.ApiException 404 when the record has no such thread the caller may see
     */
    PanelThreadView thread(Caller caller, String module, String objectType, String objectId, String threadId);
}
