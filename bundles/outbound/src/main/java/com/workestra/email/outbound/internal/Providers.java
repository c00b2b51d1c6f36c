package com.workestra.email.outbound.internal;

import com.workestra.email.api.OpenTracking;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.spi.MailboxAccess;
import com.workestra.email.spi.MailboxOperations;

/** The optional services the sending path uses, as they are at the moment of the call (each may be absent: null). */
interface Providers {

    /** Opens connections' mailboxes with valid tokens (the sync engine). */
    MailboxAccess access();

    /** The mail operations of a provider (gmail, outlook). */
    MailboxOperations operations(String provider);

    /** Workspace email. */
    WorkspaceMailer mailer();

    /** Open tracking. */
    OpenTracking tracking();
}
