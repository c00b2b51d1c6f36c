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
}
