package com.workestra.email.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Leases in the shared database: at most one node holds a key (for example one mailbox) until its lease ends; a dead
 * node's lease expires and another node takes it over.
 */
public interface Leases {

    /**
     * The owner of the leases this process claims: unique per process (node name, host, process id and start
     * time), so nodes that share a name never share a lease.
     */
    String nodeId();

    /**
     * Claims or extends the lease of a key for this node, atomically across nodes.
     *
     * @return whether this node holds the lease until {@code now + ttl}
     */
    boolean claim(String key, Instant now, Duration ttl);

    /** Gives the lease of a key back when this node holds it. */
    void release(String key);
}
