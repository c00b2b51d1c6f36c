package com.workestra.email.spi;

import com.workestra.email.api.Caller;
import java.util.Optional;

/** Host SPI: tells who is calling. The host implements it; the plugin never stores host credentials. */
public interface IdentityProvider {

    /**
     * Resolves a bearer token presented on a REST call.
     *
     * @param bearerToken the token after {@code Bearer }, never null
     * @return the signed-in user, or empty when the token is unknown, expired or revoked
     */
    Optional<Caller> authenticate(String bearerToken);

    /**
     * Name of the cookie holding the host's browser session, so that web components embedded in host pages call the
     * REST API with the host's session as it is. Hosts that sign browsers in otherwise keep the default.
     *
     * @return the cookie name, or null when the host has no session cookie
     * @since 1.4
     */
    default String sessionCookieName() {
        return null;
    }

    /**
     * Resolves the value of the host's session cookie ({@link #sessionCookieName()}). Requests authenticated this way
     * are browser requests: the plugin accepts state-changing ones only from the host's own origin.
     *
     * @param sessionId the cookie's value, never null
     * @return the signed-in user, or empty when the session is unknown or expired
     * @since 1.4
     */
    default Optional<Caller> authenticateSession(String sessionId) {
        return Optional.empty();
    }
}
