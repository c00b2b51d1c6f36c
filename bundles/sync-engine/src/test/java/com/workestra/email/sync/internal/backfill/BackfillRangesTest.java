package com.workestra.email.sync.internal.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.workestra.email.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ranges, and estimates from the providers' published quotas. */
class BackfillRangesTest {

    private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");

    @Test
    void rangesFixTheOldestReceiveTime() {
        assertEquals(NOW.minus(Duration.ofDays(30)), BackfillRanges.since("30d", NOW));
        assertEquals(NOW.minus(Duration.ofDays(90)), BackfillRanges.since("90d", NOW));
        assertEquals(Instant.parse("2025-03-31T12:00:00Z"), BackfillRanges.since("12m", NOW));
        assertNull(BackfillRanges.since("all", NOW));
    }

    @Test
    void anUnknownRangeIsABadRequestNamingRange() {
        for (String bad : new String[] {null, "", "7d", "ALL", "30D"}) {
            ApiException e = assertThrows(ApiException.class, () -> BackfillRanges.check(bad));
            assertEquals(400, e.status());
            assertEquals("range", e.details().get("field"));
        }
    }

    @Test
    void gmailIsBoundByQuotaUnits() {
        // 10 000 messages: 10 000 gets x 5 units + 100 list pages x 5 units = 50 500 units at 250 units/s
        assertEquals(202, BackfillRanges.seconds("gmail", 10_000));
        assertEquals(1, BackfillRanges.seconds("gmail", 1));
        assertEquals(0, BackfillRanges.seconds("gmail", 0));
    }

    @Test
    void graphIsBoundByRequestsPerTenMinutes() {
        // 10 000 messages: 10 000 requests inside $batch + 100 list pages, 10 000 requests per 600 s
        assertEquals(606, BackfillRanges.seconds("outlook", 10_000));
    }

    @Test
    void failingJobsBackOffExponentiallyUpToFiveMinutes() {
        assertEquals(Duration.ofSeconds(2), Backfills.backoff(1));
        assertEquals(Duration.ofSeconds(16), Backfills.backoff(4));
        assertEquals(Duration.ofMinutes(5), Backfills.backoff(9));
        assertEquals(Duration.ofMinutes(5), Backfills.backoff(1000));
    }
}
