package com.workestra.email.sync.internal.backfill;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.BackfillService;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Ranges and the quota arithmetic of backfills. Estimates follow the providers' published limits: Gmail 250 quota
 * units per user and second, {@code messages.list} and {@code messages.get} 5 units each (a list page names up to
 * {@value #PAGE} messages); Microsoft Graph about 10 000 requests per 10 minutes per mailbox, every request of a
 * {@code $batch} counted, one listing request per page.
 */
public final class BackfillRanges {

    /** Messages per provider page (one slice). */
    public static final int PAGE = 100;

    private static final double GMAIL_UNITS_PER_SECOND = 250;
    private static final double GMAIL_GET_UNITS = 5;
    private static final double GMAIL_LIST_UNITS = 5;
    private static final double GRAPH_REQUESTS_PER_SECOND = 10_000.0 / 600;

    private BackfillRanges() {
    }

    /** Checks a range; a 400 naming {@code range} otherwise. */
    public static String check(String range) {
        if (range == null || !BackfillService.RANGES.contains(range)) {
            throw ApiException.badRequest("range", "range must be one of 30d, 90d, 12m or all.");
        }
        return range;
    }

    /** The oldest receive time of a range at {@code now}, or null for all mail. */
    public static Instant since(String range, Instant now) {
        return switch (check(range)) {
            case "30d" -> now.minus(java.time.Duration.ofDays(30));
            case "90d" -> now.minus(java.time.Duration.ofDays(90));
            case "12m" -> now.atOffset(ZoneOffset.UTC).minusMonths(12).toInstant();
            default -> null;
        };
    }

    /** Seconds the provider's quota needs for {@code messages} messages (listing included), at least 1 when any. */
    public static long seconds(String provider, long messages) {
        if (messages <= 0) {
            return 0;
        }
        double pages = Math.ceil(messages / (double) PAGE);
        double seconds = "gmail".equals(provider)
                ? (messages * GMAIL_GET_UNITS + pages * GMAIL_LIST_UNITS) / GMAIL_UNITS_PER_SECOND
                : (messages + pages) / GRAPH_REQUESTS_PER_SECOND;
        return Math.max(1, (long) Math.ceil(seconds));
    }

    /** The folders a provider lists one after the other (Gmail: one listing of all mail). */
    public static java.util.List<String> folders(String provider) {
        return "gmail".equals(provider) ? java.util.Collections.singletonList(null)
                : java.util.List.of("inbox", "sent");
    }
}
