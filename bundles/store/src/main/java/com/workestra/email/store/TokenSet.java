package com.workestra.email.store;

import java.time.Instant;

/**
 * OAuth tokens of a connection, in clear in memory only; the store seals them before they reach the database.
 *
 * @param accessToken the bearer token
 * @param accessExpiresAt when it expires (null: unknown)
 * @param refreshToken the refresh token, or null
 * @param scopes granted scopes, space-separated
 */
public record TokenSet(String accessToken, Instant accessExpiresAt, String refreshToken, String scopes) {

    /** Whether the access token is expired or expires within the margin. */
    public boolean expiresWithin(java.time.Duration margin, Instant now) {
        return accessExpiresAt != null && !accessExpiresAt.isAfter(now.plus(margin));
    }

    /** Never prints tokens. */
    @Override
    public String toString() {
        return "TokenSet[expiresAt=" + accessExpiresAt + ", refresh=" + (refreshToken != null) + "]";
    }
}
