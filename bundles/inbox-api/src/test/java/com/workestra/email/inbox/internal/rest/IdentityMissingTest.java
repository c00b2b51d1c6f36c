package com.workestra.email.inbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.HealthStatus;
import org.junit.jupiter.api.Test;

/**
 * Without any host IdentityProvider the installation is incomplete: health says so (the 503 of user calls needs a
 * JAX-RS runtime and is asserted by InstallIntoStockKarafIT).
 */
class IdentityMissingTest {

    @Test
    void healthIsDegradedNamingTheMissingService() {
        HealthStatus s = new IdentityHealth().check();
        assertEquals("identity", new IdentityHealth().name());
        assertEquals(HealthStatus.DEGRADED, s.status());
        assertTrue(s.message().contains("com.workestra.email.spi.IdentityProvider"), s.message());
    }
}
