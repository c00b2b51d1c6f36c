package com.workestra.email.outbound.internal;

import java.time.Duration;
import java.util.Map;

/**
 * Limits and retry policy of the sending path.
 *
 * @param sizeLimits largest message (bytes of the RFC 5322 message) per provider: gmail, outlook, workspace
 * @param maxAttempts provider attempts before a send fails for good (transient errors only are retried)
 * @param firstRetry delay before the second attempt (doubled each time, at most {@code maxRetryDelay})
 * @param maxRetryDelay longest delay between attempts
 * @param lease how long a node may take to submit a claimed send before it counts as ambiguous
 * @param batch sends handled per job run
 */
record SendSettings(Map<String, Long> sizeLimits, int maxAttempts, Duration firstRetry, Duration maxRetryDelay,
        Duration lease, int batch) {

    /** Gmail: 25 MB per message (raw send). */
    static final long GMAIL_LIMIT = 25L * 1024 * 1024;
    /** Graph sendMail: 4 MB per request; the MIME form sends the message base64-encoded (4/3 of its size). */
    static final long OUTLOOK_LIMIT = 3L * 1024 * 1024;
    /** Resend: 40 MB per email. */
    static final long WORKSPACE_LIMIT = 40L * 1024 * 1024;

    /** The defaults. */
    static SendSettings defaults() {
        return new SendSettings(Map.of("gmail", GMAIL_LIMIT, "outlook", OUTLOOK_LIMIT, "workspace",
                WORKSPACE_LIMIT), 6, Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofMinutes(5), 20);
    }

    /** The size limit of a provider (the smallest known limit for an unknown one). */
    long limit(String provider) {
        return sizeLimits.getOrDefault(provider, OUTLOOK_LIMIT);
    }

    /** Delay before attempt {@code attempts + 1}. */
    Duration retryDelay(int attempts) {
        Duration d = firstRetry.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
    }
}
