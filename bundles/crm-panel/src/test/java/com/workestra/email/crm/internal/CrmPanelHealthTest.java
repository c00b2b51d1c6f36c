package com.workestra.email.crm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.CrmDirectory;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class CrmPanelHealthTest {

    @Test
    void degradedUntilTheHostProvidesTheDirectory() {
        CrmPanelHealth health = new CrmPanelHealth();
        assertEquals("crm-panel", health.name());
        assertEquals(HealthStatus.DEGRADED, health.check().status());
        health.directory = (CrmDirectory) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CrmDirectory.class},
                (proxy, method, args) -> null);
        assertEquals(HealthStatus.UP, health.check().status());
    }
}
