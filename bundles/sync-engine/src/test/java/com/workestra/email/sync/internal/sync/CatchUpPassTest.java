package com.workestra.email.sync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** When a daily pass is due. */
class CatchUpPassTest {

    private final CatchUpPass pass = new CatchUpPass(null, null, null, c -> { }, 25, LocalTime.of(3, 0),
            Clock.systemUTC());

    @Test
    void aPassIsDueFromThreeOClockUtcEachDay() {
        assertEquals(Instant.parse("2026-11-30T03:00:00Z"), pass.lastStart(Instant.parse("2026-11-30T03:00:00Z")));
        assertEquals(Instant.parse("2026-11-30T03:00:00Z"), pass.lastStart(Instant.parse("2026-11-30T23:59:00Z")));
        assertEquals(Instant.parse("2026-11-29T03:00:00Z"), pass.lastStart(Instant.parse("2026-11-30T02:59:59Z")));
    }
}
