package com.workestra.email.spi;

/**
 * Implemented by the plugin and registered as a whiteboard service: the host calls it when a record that mail can
 * link to is created, or its addresses change, so existing threads are linked retroactively.
 */
public interface DirectoryListener {

    /** A record was created or its addresses changed; {@code person} carries the current addresses. */
    void addressesChanged(HostPerson person);
}
