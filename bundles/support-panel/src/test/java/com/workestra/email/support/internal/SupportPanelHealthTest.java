package com.workestra.email.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.SupportDesk;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class SupportPanelHealthTest {

    @Test
    void degradedUntilTheHostProvidesTheDirectory() {
        SupportPanelHealth health = new SupportPanelHealth();
        assertEquals("support-panel", health.name());
        assertEquals(HealthStatus.DEGRADED, health.check().status());
        health.directory = (SupportDesk) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SupportDesk.class},
                (proxy, method, args) -> null);
        assertEquals(HealthStatus.UP, health.check().status());
    }
}
