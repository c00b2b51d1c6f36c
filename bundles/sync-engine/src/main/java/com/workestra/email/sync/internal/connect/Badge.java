package com.workestra.email.sync.internal.connect;

import com.workestra.email.api.ConnectionView;
import com.workestra.email.store.ConnectionRecord;
import java.time.Duration;
import java.time.Instant;

/** The health badge rules of API.md: error, never_synced, stale (older than the threshold), healthy. */
final class Badge {

    private Badge() {
    }

    static ConnectionView.Health of(ConnectionRecord c, Duration staleAfter, Instant now) {
        if (c.lastErrorCode() != null) {
            return new ConnectionView.Health("error", c.lastSuccessAt(), c.lastAttemptAt(), c.lastErrorMessage(),
                    c.lastErrorCode());
        }
        if (c.lastSuccessAt() == null) {
            return new ConnectionView.Health("never_synced", null, c.lastAttemptAt(),
                    "Connected; the first sync has not completed yet.", null);
        }
        if (c.lastSuccessAt().isBefore(now.minus(staleAfter))) {
            return new ConnectionView.Health("stale", c.lastSuccessAt(), c.lastAttemptAt(),
                    "No successful sync for more than " + staleAfter.toHours() + " hours.", null);
        }
        return new ConnectionView.Health("healthy", c.lastSuccessAt(), c.lastAttemptAt(), null, null);
    }
}
