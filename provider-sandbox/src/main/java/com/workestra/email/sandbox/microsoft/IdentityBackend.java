package com.workestra.email.sandbox.microsoft;

/** What the identity endpoints need from the sandbox's token store; {@link CoreBackend} binds it to the core. */
interface IdentityBackend {

    /** Tokens issued by a grant; {@code refreshToken} is null when offline_access was not requested. */
    record Grant(String address, String accessToken, String refreshToken, long expiresInSeconds) {
    }

    /** Why a grant was refused; mapped to AADSTS codes by {@link IdentityEndpoints}. */
    enum Reason {
        CODE_UNKNOWN, CODE_REDEEMED, CODE_EXPIRED, PKCE_MISMATCH, REDIRECT_MISMATCH, CLIENT_MISMATCH, REVOKED,
        REFRESH_UNKNOWN, REFRESH_EXPIRED
    }

    /** A refused grant. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final Reason reason;

        Refused(Reason reason) {
            super(reason.name());
            this.reason = reason;
        }
    }

    /** Issues a one-time authorization code bound to the client, redirect URI, scope and S256 challenge. */
    String issueCode(String address, String clientId, String redirectUri, String scope, String codeChallenge);

    /** Redeems a code (PKCE checked against the verifier); a refresh token only for offline_access. */
    Grant redeemCode(String code, String clientId, String redirectUri, String codeVerifier) throws Refused;

    /** Redeems a refresh token, rotating it: the old one is invalid afterwards. */
    Grant refresh(String refreshToken, String clientId) throws Refused;
}
