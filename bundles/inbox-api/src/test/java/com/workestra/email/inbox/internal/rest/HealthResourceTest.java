package com.workestra.email.inbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.Caller;
import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The health endpoint: status only for anonymous callers and non-admins, details for admins, checks cached. */
class HealthResourceTest {

    @Test
    void anonymousCallersGetTheStatusOnlyAndChecksRunAtMostOncePerPeriod() {
        AtomicInteger checks = new AtomicInteger();
        HealthResource resource = new HealthResource(null);
        resource.addDirect(new HealthContributor() {
            @Override
            public String name() {
                return "database";
            }

            @Override
            public HealthStatus check() {
                checks.incrementAndGet();
                return HealthStatus.up(Map.of("product", "H2 2.3.232", "node", "node-8181"));
            }
        });
        Object anonymous = resource.answer(null).body();
        assertEquals(Map.of("status", "up"), anonymous);
        Object member = resource.answer(new Caller("ws", "u", "u@x.test", "U", false)).body();
        assertEquals(Map.of("status", "up"), member);
        Object admin = resource.answer(new Caller("ws", "a", "a@x.test", "A", true)).body();
        assertTrue(String.valueOf(admin).contains("H2 2.3.232"), String.valueOf(admin));
        for (int i = 0; i < 50; i++) {
            resource.answer(null);
        }
        assertEquals(1, checks.get(), "53 calls within " + HealthResource.CACHE_FOR + ": one run of the checks");
    }
}
