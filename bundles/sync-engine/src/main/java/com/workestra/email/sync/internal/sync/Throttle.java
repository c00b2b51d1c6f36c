package com.workestra.email.sync.internal.sync;

import com.workestra.email.spi.ProviderException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Honours the provider's Retry-After within a bounded budget per sync round: a throttled call waits as long as the
 * provider asked (plus a little jitter, so mailboxes do not retry in lockstep) and is repeated; once the budget is
 * spent the RateLimited failure reaches the caller and the round ends (its committed pages stay).
 */
final class Throttle {

    /** A provider call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws ProviderException;
    }

    private long budgetMillis;

    Throttle(Duration budget) {
        this.budgetMillis = budget.toMillis();
    }

    <T> T call(Call<T> call) throws ProviderException {
        while (true) {
            try {
                return call.run();
            } catch (ProviderException.RateLimited e) {
                long wait = e.retryAfter().toMillis() + ThreadLocalRandom.current().nextLong(50, 250);
                if (wait > budgetMillis) {
                    throw e;
                }
                budgetMillis -= wait;
                pause(wait, e);
            }
        }
    }

    private static void pause(long millis, ProviderException.RateLimited cause) throws ProviderException {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }
}
