package com.workestra.email.sync.internal.readstate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithJitterUpToTheCapAndHonoursRetryAfter() {
        Backoff low = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30), () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30), () -> 0.999999);
        assertEquals(Duration.ofMillis(2500), low.after(1, null));
        assertEquals(Duration.ofMillis(4999), high.after(1, null));
        assertEquals(Duration.ofSeconds(20), low.after(4, null));
        assertEquals(Duration.ofMinutes(15), low.after(40, null), "half of the cap at worst");
        assertEquals(Duration.ofSeconds(90), low.after(1, Duration.ofSeconds(90)), "Retry-After is a floor");
    }
}
