package com.workestra.email.sandbox.mail;

/**
 * Called after every change of any mailbox, outside the mailbox lock and on the thread that made the change
 * (an HTTP worker): listeners that do slow work (webhooks) should hand it off.
 */
@FunctionalInterface
public interface ChangeListener {

    void changed(Mailbox mailbox, Change change);
}
