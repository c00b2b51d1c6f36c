package com.workestra.email.connector.gmail.internal;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpResponseException;
import com.workestra.email.spi.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every failure of the Google client library into the SPI's {@link ProviderException} taxonomy; the one place
 * that knows Google's status codes and error reasons.
 */
final class GoogleErrors {

    /** Permanent: the request itself was refused (HTTP 400, 405, 409...). */
    static final String INVALID_REQUEST = "invalid_request";
    /** Permanent: the addressed object does not exist (HTTP 404, e.g. an expired history id). */
    static final String NOT_FOUND = "not_found";
    /** Permanent: Gmail answered something we cannot use. */
    static final String INVALID_RESPONSE = "invalid_response";

    /**
     * Permanent: a send may or may not have reached Gmail (the answer was lost); it must be reconciled against the
     * sent mail, never retried blindly.
     */
    static final String DELIVERY_UNKNOWN = "delivery_unknown";

    /** Gmail rarely sends Retry-After; its per-user quota is a moving window of about a second. */
    static final Duration DEFAULT_RATE_LIMIT_BACKOFF = Duration.ofSeconds(5);

    private static final Set<String> PERMISSION_REASONS =
            Set.of("insufficientPermissions", "forbidden", "domainPolicy", "ACCESS_TOKEN_SCOPE_INSUFFICIENT");
    private static final Set<String> RATE_LIMIT_REASONS =
            Set.of("rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED");
    // Gmail's user-rate-limit message: "User-rate limit exceeded.  Retry after 2026-11-23T10:00:00.000Z"
    private static final Pattern RETRY_AFTER_IN_MESSAGE = Pattern.compile("Retry after (\\S+?Z)");

    private GoogleErrors() {
    }

    /** Maps a failure of {@code action} (a verb phrase: "read the Gmail profile") to the taxonomy. */
    static ProviderException map(IOException failure, String action) {
        return map(failure, action, Clock.systemUTC());
    }

    /** Maps the failure of one call inside a batch (its error JSON and headers) exactly like a direct call's. */
    static ProviderException map(GoogleJsonError error, HttpHeaders headers, String action) {
        int status = error.getCode();
        HttpResponseException.Builder builder = new HttpResponseException.Builder(status, error.getMessage(),
                headers == null ? new HttpHeaders() : headers).setMessage(error.getMessage());
        return map(new GoogleJsonResponseException(builder, error), action);
    }

    /**
     * Maps a failure of messages.send: an HTTP answer or a connection that was never made maps as usual, any other
     * I/O failure (timeout or reset after the request went out) is {@link #DELIVERY_UNKNOWN}.
     */
    static ProviderException mapSend(IOException failure) {
        String action = "send the message";
        if (failure instanceof HttpResponseException || failure instanceof ConnectException
                || failure instanceof UnknownHostException || failure instanceof NoRouteToHostException) {
            return map(failure, action);
        }
        return new ProviderException.Permanent(DELIVERY_UNKNOWN, "Gmail did not confirm the message; it may or may "
                + "not have been sent, so Workestra checks the sent mail before trying again.", failure);
    }

    static ProviderException map(IOException failure, String action, Clock clock) {
        if (failure instanceof HttpResponseException response) {
            return mapResponse(response, action, clock);
        }
        if (failure instanceof SocketTimeoutException || failure instanceof InterruptedIOException) {
            return new ProviderException.Transient(ProviderException.CONNECTION_FAILED,
                    "Gmail did not answer in time while trying to " + action + "; Workestra will try again.", failure);
        }
        return new ProviderException.Transient(ProviderException.CONNECTION_FAILED,
                "Could not reach Gmail to " + action + "; Workestra will try again.", failure);
    }

    private static ProviderException mapResponse(HttpResponseException failure, String action, Clock clock) {
        int status = failure.getStatusCode();
        Set<String> reasons = reasons(failure);
        if (status == 401) {
            return new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                    "Google no longer accepts this mailbox's authorization; reconnect the mailbox.", failure);
        }
        if (status == 429 || status == 403 && reasons.stream().anyMatch(RATE_LIMIT_REASONS::contains)) {
            Duration wait = retryAfter(failure, clock);
            return new ProviderException.RateLimited(wait, "Gmail is limiting requests for this mailbox; Workestra "
                    + "will try again in " + wait.toSeconds() + " seconds.", failure);
        }
        if (status == 403 && reasons.stream().anyMatch(PERMISSION_REASONS::contains)) {
            return new ProviderException.Authorization(ProviderException.PERMISSION_DENIED,
                    "Google did not allow Workestra to " + action + "; reconnect the mailbox and grant every "
                            + "requested permission.", failure);
        }
        if (status >= 500) {
            return new ProviderException.Transient(ProviderException.PROVIDER_UNAVAILABLE,
                    "Gmail is unavailable right now (HTTP " + status + "); Workestra will try again later.", failure);
        }
        if (status == 404) {
            return new ProviderException.Permanent(NOT_FOUND,
                    "Gmail could not find what was asked for while trying to " + action + ".", failure);
        }
        return new ProviderException.Permanent(INVALID_REQUEST,
                "Gmail refused to " + action + " (HTTP " + status + ").", failure);
    }

    /** Google's machine-readable reasons: errors[].reason (v1 style) and details[].reason (google.rpc style). */
    private static Set<String> reasons(HttpResponseException failure) {
        Set<String> reasons = new HashSet<>();
        if (failure instanceof GoogleJsonResponseException json && json.getDetails() != null) {
            GoogleJsonError error = json.getDetails();
            List<GoogleJsonError.ErrorInfo> infos = error.getErrors();
            if (infos != null) {
                infos.stream().map(GoogleJsonError.ErrorInfo::getReason).filter(r -> r != null).forEach(reasons::add);
            }
            List<GoogleJsonError.Details> details = error.getDetails();
            if (details != null) {
                details.stream().map(GoogleJsonError.Details::getReason).filter(r -> r != null).forEach(reasons::add);
            }
        }
        return reasons;
    }

    /** Retry-After (seconds or HTTP date), else the time Gmail names in its message, else the default backoff. */
    static Duration retryAfter(HttpResponseException failure, Clock clock) {
        String header = failure.getHeaders() == null ? null : failure.getHeaders().getRetryAfter();
        Duration wait = header == null ? null : parseRetryAfter(header.trim(), clock);
        if (wait == null && failure instanceof GoogleJsonResponseException json && json.getDetails() != null
                && json.getDetails().getMessage() != null) {
            Matcher m = RETRY_AFTER_IN_MESSAGE.matcher(json.getDetails().getMessage());
            if (m.find()) {
                wait = until(m.group(1), DateTimeFormatter.ISO_INSTANT, clock);
            }
        }
        if (wait == null || wait.isNegative() || wait.isZero()) {
            return DEFAULT_RATE_LIMIT_BACKOFF;
        }
        return wait;
    }

    private static Duration parseRetryAfter(String value, Clock clock) {
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return until(value, DateTimeFormatter.RFC_1123_DATE_TIME, clock);
    }

    private static Duration until(String timestamp, DateTimeFormatter format, Clock clock) {
        try {
            Instant at = format == DateTimeFormatter.ISO_INSTANT ? Instant.parse(timestamp)
                    : ZonedDateTime.parse(timestamp, format).toInstant();
            // round up: waiting a little longer is harmless, a little shorter is another 429
            long millis = Duration.between(clock.instant(), at).toMillis();
            return Duration.ofSeconds((millis + 999) / 1000);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
