package com.workestra.email.connector.outlook.internal;

import java.lang.annotation.Annotation;

/** A plain {@link OutlookConnector.Config} for tests (what Config Admin would hand to the constructor). */
record TestConfig(String clientId, String _clientSecret, String tenant, String authorityBaseUrl, String graphBaseUrl,
        String[] scopes) implements OutlookConnector.Config {

    /** The defaults of the metatype, pointed at {@code authority} and {@code graph}. */
    static TestConfig of(String authority, String graph) {
        return new TestConfig("workestra-test-client", "", "common", authority, graph,
                new String[] {"Mail.ReadWrite", "Mail.Send", "offline_access", "User.Read"});
    }

    /** The configuration for a provider sandbox at {@code base}. */
    static TestConfig sandbox(String base) {
        return of(base + "/microsoft", base + "/graph/v1.0");
    }

    TestConfig withTenant(String t) {
        return new TestConfig(clientId, _clientSecret, t, authorityBaseUrl, graphBaseUrl, scopes);
    }

    TestConfig withSecret(String s) {
        return new TestConfig(clientId, s, tenant, authorityBaseUrl, graphBaseUrl, scopes);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return OutlookConnector.Config.class;
    }
}
