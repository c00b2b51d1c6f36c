package com.workestra.email.store.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The owner of this process's leases: the node's name (for people), the host, the process id and the JVM's start
 * time. Two nodes with the same Karaf name (often {@code root}) on one or several hosts never share it, and a
 * restarted node is a new owner, so it never inherits a lease its previous process held.
 */
final class ProcessIdentity {

    private static final int MAX = 100;

    private ProcessIdentity() {
    }

    /** The identity of this process, at most 100 characters (the lease owner column). */
    static String of(String nodeName) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | RuntimeException e) {
            host = "host";
        }
        String process = ProcessHandle.current().pid() + "-"
                + Long.toString(ManagementFactory.getRuntimeMXBean().getStartTime(), 36);
        String name = cut(nodeName, 40) + "@" + cut(host, 40);
        return cut(name, MAX - process.length() - 1) + "/" + process;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
