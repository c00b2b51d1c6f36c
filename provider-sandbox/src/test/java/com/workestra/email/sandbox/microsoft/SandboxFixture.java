package com.workestra.email.sandbox.microsoft;

import com.workestra.email.sandbox.SandboxServer;
import java.util.Map;

/** One real sandbox ({@code SandboxServer.start(0)}) on a free loopback port for a test class. */
final class SandboxFixture implements AutoCloseable {

    private final SandboxServer server;

    SandboxFixture() throws Exception {
        server = SandboxServer.start(0);
    }

    String base() {
        return server.baseUrl();
    }

    /** Forgets the mailbox's history: every delta token issued before now answers 410. */
    void expireHistory(String address) throws Exception {
        GraphTestSupport.control(base(), "POST", "/_sandbox/accounts/" + address + "/history/expire", Map.of());
    }

    void deleteMessage(String address, String id) throws Exception {
        GraphTestSupport.control(base(), "DELETE", "/_sandbox/accounts/" + address + "/messages/" + id, null);
    }

    void quotas(boolean on) throws Exception {
        GraphTestSupport.control(base(), "PUT", "/_sandbox/settings", Map.of("quotas", on));
    }

    @Override
    public void close() {
        server.close();
    }
}
