package com.workestra.email.sandbox.microsoft;

/** Starts one sandbox on a free loopback port for a test class. */
final class SandboxFixture implements AutoCloseable {

    private final FakeCore server;

    SandboxFixture() throws Exception {
        server = new FakeCore();
    }

    String base() {
        return server.baseUrl();
    }

    /** Makes the history before now unavailable, as an expired delta token would find it. */
    void expireHistory(String address) throws Exception {
        GraphTestSupport.control(base(), "POST", "/_sandbox/accounts/" + address + "/expire-history", Java.EMPTY);
    }

    void deleteMessage(String address, String id) throws Exception {
        GraphTestSupport.control(base(), "DELETE", "/_sandbox/accounts/" + address + "/messages/" + id, null);
    }

    void quotas(boolean on) throws Exception {
        GraphTestSupport.control(base(), "POST", "/_sandbox/settings", java.util.Map.of("quotas", on));
    }

    @Override
    public void close() {
        server.close();
    }

    private static final class Java {
        static final java.util.Map<String, Object> EMPTY = java.util.Map.of();
    }
}
