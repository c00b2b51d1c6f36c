package com.workestra.email.sync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.spi.ProviderException;
import com.workestra.email.spi.ProviderQuota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retry-After, backoff with jitter and quota pacing around provider calls (waits recorded, not slept). */
class ThrottleTest {

    private final List<Long> waits = new ArrayList<>();
    /** A simulated clock that each recorded wait moves forward. */
    private final Throttle.Sleeper recorder = new Throttle.Sleeper() {
        private long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long nanos) {
            waits.add(nanos);
            now += nanos;
        }
    };

    private Throttle throttle(ProviderQuota quota, Duration budget) {
        return new Throttle(new QuotaLimiter(quota), budget, Duration.ofSeconds(5), recorder);
    }

    @Test
    void aRateLimitedCallWaitsAtLeastTheRetryAfterAndIsRepeated() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = throttle(ProviderQuota.UNLIMITED, Duration.ofSeconds(60)).call(1, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new ProviderException.RateLimited(Duration.ofSeconds(2), "slow down", null);
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(3, calls.get());
        assertEquals(2, waits.size());
        for (long w : waits) {
            assertTrue(w >= Duration.ofSeconds(2).toNanos() && w < Duration.ofMillis(2250).toNanos(), "waited " + w);
        }
    }

    @Test
    void aRetryAfterBeyondTheBudgetEndsTheRoundWithTheProvidersAnswer() {
        ProviderException.RateLimited storm = new ProviderException.RateLimited(Duration.ofSeconds(120), "x", null);
        ProviderException e = assertThrows(ProviderException.RateLimited.class,
                () -> throttle(ProviderQuota.UNLIMITED, Duration.ofSeconds(60)).call(1, () -> {
                    throw storm;
                }));
        assertEquals(storm, e);
        assertEquals(List.of(), waits);
    }

    @Test
    void transientFailuresAreRetriedWithGrowingJitteredBackoffThenReachTheCaller() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(ProviderException.Transient.class,
                () -> throttle(ProviderQuota.UNLIMITED, Duration.ofSeconds(60)).call(1, () -> {
                    calls.incrementAndGet();
                    throw new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE, "503", null);
                }));
        assertEquals(3, calls.get(), "three attempts in all");
        assertEquals(2, waits.size());
        assertTrue(waits.get(0) < Duration.ofSeconds(1).toNanos(), "first backoff below 1 s: " + waits.get(0));
        assertTrue(waits.get(1) < Duration.ofSeconds(2).toNanos(), "second backoff below 2 s: " + waits.get(1));
    }

    @Test
    void aSpentQuotaWindowEndsTheRoundWithTheWaitInsteadOfHoldingTheThread() throws Exception {
        ProviderQuota graph = new ProviderQuota(20, Duration.ofMinutes(10), 1, 1, 1, 2, 1, 20);
        Throttle t = throttle(graph, Duration.ofSeconds(60));
        assertEquals(20, (int) t.call(20, () -> 20));
        ProviderException.RateLimited e = assertThrows(ProviderException.RateLimited.class, () -> t.call(1, () -> 1));
        assertTrue(e.retryAfter().toMinutes() >= 9, "retry after the window: " + e.retryAfter());
        assertEquals(List.of(), waits);
    }

    @Test
    void shortPacingWaitsAreDoneInline() throws Exception {
        ProviderQuota gmail = new ProviderQuota(250, Duration.ofSeconds(1), 5, 5, 2, 1, 5, 10);
        Throttle t = throttle(gmail, Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) {
            t.call(50, () -> null);
        }
        assertEquals(List.of(), waits, "five batches of 50 units fit the first second");
        t.call(50, () -> null);
        assertEquals(1, waits.size());
        assertTrue(waits.get(0) <= Duration.ofMillis(1050).toNanos());
    }

    @Test
    void batchesSizedToTheFreeRoomKeepABackfillAtTheQuotaDespiteSmallCallsBetweenThem() throws Exception {
        // Gmail: 250 units per second; a page = one list (5 units) + 100 messages at 5 units, batches of at most 10
        ProviderQuota gmail = new ProviderQuota(250, Duration.ofSeconds(1), 5, 5, 2, 1, 5, 10);
        Throttle t = throttle(gmail, Duration.ofSeconds(60));
        long start = recorder.nanoTime();
        long units = 0;
        List<Integer> sizes = new ArrayList<>();
        for (int page = 0; page < 50; page++) {
            units += t.call(5, () -> 5);
            for (int left = 100; left > 0;) {
                int n = t.fitting(5, Math.min(10, left));
                sizes.add(n);
                units += t.call(n * 5, () -> n * 5);
                left -= n;
            }
        }
        double seconds = (recorder.nanoTime() - start) / 1e9;
        double perSecond = (units - 250) / seconds;
        // the limiter keeps a 0.5 % margin on the window: 250 / 1.005 = 248.8 units/s is the most it may reach
        assertTrue(perSecond > 0.97 * 250 / 1.005 && perSecond <= 250, perSecond + " units/s");
        assertTrue(sizes.stream().anyMatch(n -> n < 10), "some batches use the room a list call left");
        assertTrue(sizes.stream().allMatch(n -> n >= 1 && n <= 10), sizes.toString());
    }

    @Test
    void withoutALimitOrWithTheWindowFullTheWholeBatchIsTaken() {
        assertEquals(10, throttle(ProviderQuota.UNLIMITED, Duration.ofSeconds(60)).fitting(5, 10));
        ProviderQuota small = new ProviderQuota(20, Duration.ofHours(1), 5, 5, 2, 1, 5, 10);
        Throttle t = throttle(small, Duration.ofSeconds(60));
        assertEquals(4, t.fitting(5, 10), "20 units of room: 4 messages");
        assertEquals(3, t.fitting(5, 3));
    }

    @Test
    void aProviderThatChargesBatchPartsWhileProcessingThemNeverSeesMoreThanItsLimit() throws Exception {
        // Gmail charges each part of a batch when it processes it: the parts of one batch land over the whole call,
        // and how long a batch takes varies from batch to batch
        ProviderQuota gmail = new ProviderQuota(250, Duration.ofSeconds(1), 5, 5, 2, 1, 5, 10);
        Throttle t = throttle(gmail, Duration.ofSeconds(60));
        java.util.Random random = new java.util.Random(11);
        List<long[]> charged = new ArrayList<>();
        long start = recorder.nanoTime();
        for (int batch = 0; batch < 400; batch++) {
            long perPart = (1 + random.nextInt(15)) * 1_000_000L;
            t.call(50, () -> {
                for (int part = 0; part < 10; part++) {
                    advance(perPart);
                    charged.add(new long[] {recorder.nanoTime(), 5});
                }
                return null;
            });
        }
        long units = 0;
        for (int i = 0; i < charged.size(); i++) {
            long inWindow = 0;
            for (int j = i; j < charged.size() && charged.get(j)[0] - charged.get(i)[0] < SECOND; j++) {
                inWindow += charged.get(j)[1];
            }
            assertTrue(inWindow <= 250, "the provider's window from part " + i + " saw " + inWindow + " units");
            units += charged.get(i)[1];
        }
        double perSecond = (units - 250) / ((recorder.nanoTime() - start) / 1e9);
        assertTrue(perSecond > 0.85 * 250, perSecond + " units/s");
    }

    @Test
    void aCallCountsFromTheArrivalOfItsAnswerNotFromTheEndOfReadingIt() throws Exception {
        // the parts are charged while the provider runs them; the answer arrives, then reading and decoding its
        // large body takes 40 ms during which the provider's window already moves on
        ProviderQuota gmail = new ProviderQuota(250, Duration.ofSeconds(1), 5, 5, 2, 1, 5, 10);
        Throttle t = throttle(gmail, Duration.ofSeconds(60));
        List<long[]> charged = new ArrayList<>();
        long start = recorder.nanoTime();
        for (int batch = 0; batch < 400; batch++) {
            t.timed(50, arrival -> {
                for (int part = 0; part < 10; part++) {
                    advance(1_000_000L);
                    charged.add(new long[] {recorder.nanoTime(), 5});
                }
                arrival.arrived();
                advance(40_000_000L);
                return null;
            });
        }
        for (int i = 0; i < charged.size(); i++) {
            long inWindow = 0;
            for (int j = i; j < charged.size() && charged.get(j)[0] - charged.get(i)[0] < SECOND; j++) {
                inWindow += charged.get(j)[1];
            }
            assertTrue(inWindow <= 250, "the provider's window from part " + i + " saw " + inWindow + " units");
        }
        double perSecond = (charged.size() * 5 - 250) / ((recorder.nanoTime() - start) / 1e9);
        // counted from the end of reading, each batch would hold its units 50 ms longer: 250 / 1.06 = 236 units/s
        assertTrue(perSecond > 0.96 * 250, perSecond + " units/s");
    }

    private static final long SECOND = 1_000_000_000L;

    /** Time passing inside a provider call (not a wait of the throttle's). */
    private void advance(long nanos) {
        try {
            recorder.sleep(nanos);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
