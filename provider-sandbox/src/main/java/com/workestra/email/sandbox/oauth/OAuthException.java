package com.workestra.email.sandbox.oauth;

/** A refused grant; emulators map the reason to their provider's error (invalid_grant, AADSTS codes...). */
public final class OAuthException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a code or refresh token was refused. */
    public enum Reason {
        CODE_UNKNOWN, CODE_REDEEMED, CODE_EXPIRED, PKCE_MISMATCH, REDIRECT_MISMATCH, CLIENT_MISMATCH, REVOKED,
        REFRESH_UNKNOWN, REFRESH_EXPIRED, PROVIDER_MISMATCH
    }

    private final Reason reason;

    public OAuthException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
