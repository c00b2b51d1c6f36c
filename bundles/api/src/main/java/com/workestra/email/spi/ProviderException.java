package com.workestra.email.spi;

import java.time.Duration;

/**
 * A failure answered by (or on the way to) a mail provider. The subclass says what the caller should do: retry later
 * ({@link Transient}), wait ({@link RateLimited}), ask the user to reconnect or an admin to consent
 * ({@link Authorization}), or give up on this request ({@link Permanent}). {@link #code()} is the error taxonomy of the
 * REST contract and {@link #getMessage()} a sentence a person understands; neither ever contains a secret.
 */
public abstract sealed class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Taxonomy: the provider could not be reached or the connection is broken in a way retries may fix. */
    public static final String CONNECTION_FAILED = "connection_failed";
    /** Taxonomy: the grant is gone (revoked, expired, password changed): the user must reconnect. */
    public static final String TOKEN_EXPIRED = "token_expired";
    /** Taxonomy: the account may not do this (scope missing, mailbox not shared with the user). */
    public static final String PERMISSION_DENIED = "permission_denied";
    /** Taxonomy: a tenant administrator must consent to the app first. */
    public static final String ADMIN_CONSENT_REQUIRED = "admin_consent_required";
    /** Taxonomy: the provider throttles us; retry after the given time. */
    public static final String RATE_LIMITED = "rate_limited";
    /** Taxonomy: the provider is down or answers 5xx. */
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";

    private final String code;

    ProviderException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The taxonomy code. */
    public String code() {
        return code;
    }

    /** Retry later: network failure, timeout, 5xx. */
    public static final class Transient extends ProviderException {
        private static final long serialVersionUID = 1L;

        /** Creates the failure. */
        public Transient(String code, String message, Throwable cause) {
            super(code, message, cause);
        }
    }

    /** The provider throttles: wait {@link #retryAfter()} before the next call. */
    public static final class RateLimited extends ProviderException {
        private static final long serialVersionUID = 1L;
        private final Duration retryAfter;

        /** Creates the failure. */
        public RateLimited(Duration retryAfter, String message, Throwable cause) {
            super(RATE_LIMITED, message, cause);
            this.retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        }

        /** How long to wait. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The grant does not (or no longer) allow this: reconnect, consent or permission needed. Not retried. */
    public static final class Authorization extends ProviderException {
        private static final long serialVersionUID = 1L;

        /** Creates the failure with one of TOKEN_EXPIRED, PERMISSION_DENIED, ADMIN_CONSENT_REQUIRED. */
        public Authorization(String code, String message, Throwable cause) {
            super(code, message, cause);
        }
    }

    /** This request cannot succeed as sent (bad input, unknown message); other requests may. */
    public static final class Permanent extends ProviderException {
        private static final long serialVersionUID = 1L;

        /** Creates the failure. */
        public Permanent(String code, String message, Throwable cause) {
            super(code, message, cause);
        }
    }
}
