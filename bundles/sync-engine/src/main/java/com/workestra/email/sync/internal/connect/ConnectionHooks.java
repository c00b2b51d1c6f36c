package com.workestra.email.sync.internal.connect;

import com.workestra.email.store.ConnectionRecord;

/** What else happens when a mailbox is connected or disconnected (push subscriptions, later the first sync). */
public interface ConnectionHooks {

    /** No hooks. */
    ConnectionHooks NONE = new ConnectionHooks() {
    };

    /** After a connection was created or reconnected and its tokens stored. */
    default void connected(ConnectionRecord connection) {
    }

    /** Before a connection's tokens are revoked and deleted. */
    default void disconnecting(ConnectionRecord connection) {
    }
}
