package com.workestra.email.store;

import java.time.Instant;

/**
 * A pending authorization: bound to the user who started it, single use, short-lived.
 *
 * @param workspaceId the user's workspace
 * @param userId the user who started the flow
 * @param provider gmail or outlook
 * @param codeVerifier the PKCE verifier (sealed at rest)
 * @param redirectAfter where the browser goes after the callback, or null
 * @param expiresAt end of validity
 */
public record OAuthState(String workspaceId, String userId, String provider, String codeVerifier,
        String redirectAfter, Instant expiresAt) {

    /** Never prints the verifier. */
    @Override
    public String toString() {
        return "OAuthState[" + provider + " for " + userId + ", expires " + expiresAt + "]";
    }
}
