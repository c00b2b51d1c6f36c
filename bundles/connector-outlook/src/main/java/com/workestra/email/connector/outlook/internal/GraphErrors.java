package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ResponseHeaders;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.spi.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * Turns Graph SDK and Kiota failures into the connector SPI's {@link ProviderException} taxonomy, with messages a user
 * understands and never a token.
 */
final class GraphErrors {

    /** Code of {@link ProviderException.Permanent}: the provider refused this one request (4xx other than auth). */
    static final String REQUEST_REJECTED = "request_rejected";

    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final Clock clock;

    GraphErrors(Clock clock) {
        this.clock = clock;
    }

    /**
     * Maps what the SDK threw while doing {@code action}.
     *
     * @param failure the exception thrown by the SDK call
     * @param action what we were doing, as a lower-case phrase ("reading the account profile")
     * @return the exception to throw
     */
    ProviderException map(RuntimeException failure, String action) {
        ApiException api = find(failure, ApiException.class);
        if (api != null && api.getResponseStatusCode() > 0) {
            return fromStatus(api, action);
        }
        IOException io = find(failure, IOException.class);
        if (io != null) {
            if (io instanceof InterruptedIOException && !(io instanceof SocketTimeoutException)) {
                Thread.currentThread().interrupt();
            }
            return new ProviderException.Transient(ProviderException.CONNECTION_FAILED,
                    "Microsoft 365 could not be reached while " + action + "; the connection failed or timed out.",
                    failure);
        }
        return new ProviderException.Permanent(REQUEST_REJECTED,
                "Microsoft 365 gave an answer the connector does not understand while " + action + ".", failure);
    }

    /**
     * Maps a failed delta request: a sync state Graph no longer knows (410 Gone, {@code SyncStateNotFound},
     * {@code resyncRequired}) becomes {@link MailboxOperations#CURSOR_EXPIRED}, anything else as {@link #map}.
     */
    ProviderException mapDelta(RuntimeException failure, String action) {
        ApiException api = find(failure, ApiException.class);
        if (api != null && syncStateGone(api.getResponseStatusCode(), graphCode(api), api.getMessage())) {
            return cursorExpired(api);
        }
        return map(failure, action);
    }

    /** The exception that tells the engine to re-list because the incremental cursor is gone. */
    static ProviderException cursorExpired(Throwable cause) {
        return new ProviderException.Permanent(MailboxOperations.CURSOR_EXPIRED,
                "Microsoft 365 no longer knows this mailbox's change cursor; the mailbox is listed again.", cause);
    }

    private static boolean syncStateGone(int status, String code, String message) {
        return status == 410 || "SyncStateNotFound".equalsIgnoreCase(code) || "resyncRequired".equalsIgnoreCase(code)
                || (status / 100 == 4 && message != null && message.contains("resyncRequired"));
    }

    /**
     * Maps the answer of one {@code $batch} step.
     *
     * @param status the step's HTTP status (not 2xx)
     * @param code the Graph error code of the step, or null
     * @param headers the step's headers (for Retry-After), may be null
     */
    ProviderException mapStep(int status, String code, ResponseHeaders headers, String action) {
        return fromStatus(status, code, retryAfter(headers), null, action);
    }

    private ProviderException fromStatus(ApiException e, String action) {
        return fromStatus(e.getResponseStatusCode(), graphCode(e), retryAfter(e.getResponseHeaders()), e, action);
    }

    private ProviderException fromStatus(int status, String code, Duration retryAfter, Throwable e, String action) {
        if (status == 401) {
            return new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                    "Microsoft 365 no longer accepts this connection's sign-in while " + action
                            + "; reconnect the mailbox.", e);
        }
        if (status == 403) {
            return new ProviderException.Authorization(ProviderException.PERMISSION_DENIED,
                    "The Microsoft 365 account is not allowed to do this (" + describe(status, code) + ") while "
                            + action + "; check the granted permissions or the mailbox sharing.", e);
        }
        if (status == 429 || (status == 503 && retryAfter != null)) {
            return new ProviderException.RateLimited(retryAfter,
                    "Microsoft 365 is throttling requests for this mailbox while " + action + "; retrying after "
                            + (retryAfter == null ? "a short pause" : retryAfter.toSeconds() + " s") + ".", e);
        }
        if (status >= 500) {
            return new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                    "Microsoft 365 is temporarily unavailable (" + describe(status, code) + ") while " + action
                            + ".", e);
        }
        return new ProviderException.Permanent(REQUEST_REJECTED,
                "Microsoft 365 refused the request (" + describe(status, code) + ") while " + action + ".", e);
    }

    /** The Graph error code ({@code InvalidAuthenticationToken}, {@code ErrorAccessDenied}...), or null. */
    static String graphCode(ApiException e) {
        if (e instanceof ODataError odata) {
            MainError main = odata.getError();
            return main == null ? null : main.getCode();
        }
        return null;
    }

    /** The Retry-After header as a duration (delta-seconds or HTTP-date), capped at an hour; null when absent. */
    Duration retryAfter(ResponseHeaders headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, Set<String>> h : headers.entrySet()) {
            if (!"retry-after".equalsIgnoreCase(h.getKey()) || h.getValue() == null) {
                continue;
            }
            for (String value : h.getValue()) {
                Duration d = parseRetryAfter(value);
                if (d != null) {
                    return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
                }
            }
        }
        return null;
    }

    private Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String describe(int status, String code) {
        return code == null || code.isBlank() ? "HTTP " + status : "HTTP " + status + ", " + code;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
