package com.workestra.email.inbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthAndPathsTest {

    private static HealthContributor contributor(String name, HealthStatus status) {
        return new HealthContributor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthStatus check() {
                if (status == null) {
                    throw new IllegalStateException("boom with a secret");
                }
                return status;
            }
        };
    }

    @Test
    void upOnlyWhenNothingIsDownAndTheStoreReports() {
        HealthReport.Result ok = HealthReport.of(List.of(contributor("database", HealthStatus.up(Map.of("product", "H2"))),
                contributor("scheduler", new HealthStatus(HealthStatus.DEGRADED, "waiting", Map.of()))), Instant.EPOCH);
        assertFalse(ok.down());
        // a degraded component (works with reduced function) makes the whole degraded, still 200
        assertEquals("degraded", ok.body().get("status"));
        Map<?, ?> components = (Map<?, ?>) ok.body().get("components");
        assertEquals("H2", ((Map<?, ?>) components.get("database")).get("product"));
        assertEquals("waiting", ((Map<?, ?>) components.get("scheduler")).get("message"));

        assertEquals("up", HealthReport.of(List.of(contributor("database", HealthStatus.up(Map.of())),
                contributor("scheduler", HealthStatus.up(Map.of()))), Instant.EPOCH).body().get("status"));
        assertTrue(HealthReport.of(List.of(contributor("scheduler", HealthStatus.up(Map.of()))), Instant.EPOCH).down());
        HealthReport.Result failing = HealthReport.of(List.of(contributor("database", HealthStatus.up(Map.of())),
                contributor("migrations", null)), Instant.EPOCH);
        assertTrue(failing.down());
        Map<?, ?> migrations = (Map<?, ?>) ((Map<?, ?>) failing.body().get("components")).get("migrations");
        assertEquals("down", migrations.get("status"));
        assertFalse(String.valueOf(migrations.get("message")).contains("secret"));
    }

    @Test
    void onlyProviderFacingAndProbePathsArePublic() {
        assertTrue(RestPaths.isPublic("email/v1/health"));
        assertTrue(RestPaths.isPublic("/email/v1/oauth/gmail/callback"));
        assertTrue(RestPaths.isPublic("email/v1/webhooks/graph"));
        assertTrue(RestPaths.isPublic("email/v1/t/o/abc.gif"));
        assertTrue(RestPaths.isPublic("devhost/v1/contacts"));
        assertFalse(RestPaths.isPublic("email/v1/me"));
        assertFalse(RestPaths.isPublic("email/v1/healthz"));
        assertFalse(RestPaths.isPublic("email/v1/connections"));
        assertFalse(RestPaths.isPublic("email/v1/"));
    }
}
