package com.workestra.email.sync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.OAuthClientSettings;
import com.workestra.email.spi.ProviderAccount;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulerHeartbeatTest {

    @Test
    void degradedUntilTheHostSchedulerTicksThenUpWithConnectors() {
        SchedulerHeartbeat beat = new SchedulerHeartbeat();
        assertEquals(HealthStatus.DEGRADED, beat.check().status());
        beat.addConnector(new MailConnector() {
            @Override
            public String provider() {
                return "gmail";
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.of(Capability.INCREMENTAL_SYNC);
            }

            @Override
            public OAuthClientSettings oauth() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ProviderAccount identify(String accessToken) {
                throw new UnsupportedOperationException();
            }
        });
        beat.run();
        HealthStatus s = beat.check();
        assertEquals(HealthStatus.UP, s.status());
        assertEquals(1L, s.details().get("ticks"));
        assertEquals(Map.of("gmail", List.of("INCREMENTAL_SYNC")), s.details().get("connectors"));
    }
}
