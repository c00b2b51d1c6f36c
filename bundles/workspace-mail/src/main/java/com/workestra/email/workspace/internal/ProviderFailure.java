package com.workestra.email.workspace.internal;

import com.workestra.email.api.ApiException;
import java.util.Map;

/** An {@link ApiException} from Resend's answer that tells the client when to try again (429, 502, 503). */
final class ProviderFailure extends ApiException {

    private static final long serialVersionUID = 1L;

    private final Long retryAfterSeconds;

    ProviderFailure(int status, String code, String message, Long retryAfterSeconds) {
        super(status, code, message, Map.of());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds for the Retry-After header, or null. */
    Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
