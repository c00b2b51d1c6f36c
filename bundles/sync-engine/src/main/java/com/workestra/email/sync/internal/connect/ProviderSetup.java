package com.workestra.email.sync.internal.connect;

import com.workestra.email.api.ApiException;
import com.workestra.email.spi.OAuthClientSettings;
import java.util.Map;

/** Whether a connector can connect mailboxes: the OAuth client id is the one setting only an admin can provide. */
public final class ProviderSetup {

    /** Error code of an authorize call refused because the provider's OAuth client is not configured. */
    public static final String NOT_CONFIGURED = "provider_not_configured";

    private ProviderSetup() {
    }

    /** A sentence naming what the admin must configure, or null when the provider is set up. */
    public static String problem(String provider, OAuthClientSettings settings) {
        if (settings != null && settings.clientId() != null && !settings.clientId().isBlank()) {
            return null;
        }
        return "The " + provider + " connector has no OAuth client id: set clientId (and .clientSecret) in"
                + " etc/com.workestra.email.connector." + provider + ".cfg.";
    }

    /** @throws ApiException 422 {@value #NOT_CONFIGURED} when {@link #problem} finds one */
    public static void require(String provider, OAuthClientSettings settings) {
        String problem = problem(provider, settings);
        if (problem != null) {
            throw new ApiException(422, NOT_CONFIGURED, problem, Map.of("provider", provider));
        }
    }
}
