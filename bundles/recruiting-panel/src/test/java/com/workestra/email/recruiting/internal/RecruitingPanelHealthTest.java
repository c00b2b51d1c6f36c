package com.workestra.email.recruiting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.RecruitingDirectory;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class RecruitingPanelHealthTest {

    @Test
    void degradedUntilTheHostProvidesTheDirectory() {
        RecruitingPanelHealth health = new RecruitingPanelHealth();
        assertEquals("recruiting-panel", health.name());
        assertEquals(HealthStatus.DEGRADED, health.check().status());
        health.directory = (RecruitingDirectory) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RecruitingDirectory.class},
                (proxy, method, args) -> null);
        assertEquals(HealthStatus.UP, health.check().status());
    }
}
