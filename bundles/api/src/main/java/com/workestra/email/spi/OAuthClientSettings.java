package com.workestra.email.spi;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * How to run the OAuth 2.0 authorization-code flow (with PKCE) against one provider, as the admin configured it.
 *
 * @param authorizationEndpoint where the browser is sent
 * @param tokenEndpoint code exchange and refresh
 * @param revocationEndpoint RFC 7009 revocation, or null when the provider has none
 * @param clientId the app's client id
 * @param clientSecret the app's client secret (resolved at use, never logged), or null for public clients
 * @param scopes least scopes for the features in use
 * @param extraAuthorizationParameters provider specifics, e.g. {@code access_type=offline}
 * @param accountPickerPrompt the {@code prompt} value that forces the account picker ("add another account")
 * @param rotatesRefreshTokens whether each refresh returns a new refresh token that replaces the old one
 */
public record OAuthClientSettings(URI authorizationEndpoint, URI tokenEndpoint, URI revocationEndpoint,
        String clientId, String clientSecret, List<String> scopes, Map<String, String> extraAuthorizationParameters,
        String accountPickerPrompt, boolean rotatesRefreshTokens) {

    /** Copies the collections. */
    public OAuthClientSettings {
        scopes = List.copyOf(scopes);
        extraAuthorizationParameters = Map.copyOf(extraAuthorizationParameters);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "OAuthClientSettings[" + authorizationEndpoint + ", client " + clientId + ", scopes " + scopes + "]";
    }
}
