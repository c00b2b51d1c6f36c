package com.workestra.email.outbound.internal;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Map;

/** The caller the REST application's authentication filter (inbox-api) put on the request. */
final class Callers {

    /** Request property set by the authentication filter. */
    static final String PROPERTY = "com.workestra.email.caller";

    private Callers() {
    }

    static Caller of(ContainerRequestContext request) {
        if (request.getProperty(PROPERTY) instanceof Caller caller) {
            return caller;
        }
        throw new ApiException(401, "unauthenticated", "Sign in to use this endpoint.", Map.of());
    }
}
