package com.workestra.email.sandbox.oauth;

/**
 * Tokens issued by one grant. {@code refreshToken} is null when none was issued (Google without
 * access_type=offline, Microsoft without offline_access).
 */
public record Grant(String address, String clientId, String scope, String accessToken, String refreshToken,
        long expiresInSeconds) {

    @Override
    public String toString() {
        return "Grant[" + address + ", client " + clientId + ", scope " + scope + "]";
    }
}
