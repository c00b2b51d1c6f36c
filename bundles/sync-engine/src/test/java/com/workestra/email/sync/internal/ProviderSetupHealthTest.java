package com.workestra.email.sync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.OAuthClientSettings;
import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.sync.internal.connect.ProviderSetup;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderSetupHealthTest {

    private static MailConnector connector(String provider, String clientId) {
        OAuthClientSettings oauth = new OAuthClientSettings(URI.create("http://127.0.0.1:1/auth"),
                URI.create("http://127.0.0.1:1/token"), null, clientId, null, List.of("s"), Map.of(), null, false);
        return new MailConnector() {
            @Override
            public String provider() {
                return provider;
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.noneOf(Capability.class);
            }

            @Override
            public OAuthClientSettings oauth() {
                return oauth;
            }

            @Override
            public ProviderAccount identify(String accessToken) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void degradedWithoutConnectorsOrClientIdUpWhenEveryConnectorHasOne() {
        ProviderSetupHealth health = new ProviderSetupHealth();
        assertEquals(HealthStatus.DEGRADED, health.check().status());
        assertTrue(health.check().message().contains("No mail connector"), health.check().message());

        health.addConnector(connector("gmail", "client-1"));
        MailConnector outlook = connector("outlook", " ");
        health.addConnector(outlook);
        HealthStatus s = health.check();
        assertEquals(HealthStatus.DEGRADED, s.status());
        assertTrue(s.message().contains("com.workestra.email.connector.outlook.cfg"), s.message());
        assertEquals(Map.of("gmail", "configured", "outlook", "provider_not_configured"), s.details());

        health.removeConnector(outlook);
        assertEquals(HealthStatus.UP, health.check().status());
    }

    @Test
    void authorizeWithoutClientIdIsRefusedWith422() {
        ApiException e = assertThrows(ApiException.class,
                () -> ProviderSetup.require("gmail", connector("gmail", "").oauth()));
        assertEquals(422, e.status());
        assertEquals("provider_not_configured", e.code());
        assertEquals(Map.of("provider", "gmail"), e.details());
    }
}
