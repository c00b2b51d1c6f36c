package com.workestra.email.sandbox.oauth;

import com.workestra.email.sandbox.Provider;
import com.workestra.email.sandbox.Settings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's OAuth state shared by all identity emulators: authorization codes (single use, bound to client,
 * exact redirect URI and S256 challenge), access tokens (short-lived, see {@link Settings#accessTokenLifetime()}),
 * refresh tokens (optionally rotated), revocation per token and per account.
 */
public final class TokenStore {

    /** Codes live ten minutes, like Google's and Microsoft's. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    private record Code(Provider provider, String address, String clientId, String redirectUri, String scope,
            String challenge, boolean offline, Instant expires) {
    }

    private static final class Access {
        final TokenInfo info;
        final String family;
        volatile boolean revoked;

        Access(TokenInfo info, String family) {
            this.info = info;
            this.family = family;
        }
    }

    private static final class Refresh {
        final Provider provider;
        final String address;
        final String clientId;
        final String scope;
        final String family;
        volatile boolean used;
        volatile boolean revoked;

        Refresh(Provider provider, String address, String clientId, String scope, String family) {
            this.provider = provider;
            this.address = address;
            this.clientId = clientId;
            this.scope = scope;
            this.family = family;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Code> redeemed = new ConcurrentHashMap<>();
    private final Map<String, Access> access = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refresh = new ConcurrentHashMap<>();

    public TokenStore(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Issues a one-time authorization code. {@code codeChallenge} is the S256 challenge (required);
     * {@code offline} says whether redeeming it yields a refresh token.
     */
    public String issueCode(Provider provider, String address, String clientId, String redirectUri, String scope,
            String codeChallenge, boolean offline) {
        String code = token(provider == Provider.GMAIL ? "4/0A" : "M.C5", 32);
        codes.put(code, new Code(provider, address, clientId, redirectUri, scope, codeChallenge, offline,
                clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** Redeems a code: single use, same provider and client, exact redirect URI, PKCE S256 verifier. */
    public Grant redeemCode(Provider provider, String code, String clientId, String redirectUri, String verifier)
            throws OAuthException {
        Code c = code == null ? null : codes.remove(code);
        if (c == null) {
            if (code != null && redeemed.containsKey(code)) {
                throw new OAuthException(OAuthException.Reason.CODE_REDEEMED, "The code was already redeemed.");
            }
            throw new OAuthException(OAuthException.Reason.CODE_UNKNOWN, "Malformed or unknown auth code.");
        }
        redeemed.put(code, c);
        if (c.provider != provider) {
            throw new OAuthException(OAuthException.Reason.PROVIDER_MISMATCH, "Code issued by another provider.");
        }
        if (clock.instant().isAfter(c.expires)) {
            throw new OAuthException(OAuthException.Reason.CODE_EXPIRED, "The code has expired.");
        }
        if (!c.clientId.equals(clientId)) {
            throw new OAuthException(OAuthException.Reason.CLIENT_MISMATCH, "The code was issued to another client.");
        }
        if (!c.redirectUri.equals(redirectUri)) {
            throw new OAuthException(OAuthException.Reason.REDIRECT_MISMATCH, "redirect_uri does not match.");
        }
        if (!Pkce.verifies(verifier, c.challenge)) {
            throw new OAuthException(OAuthException.Reason.PKCE_MISMATCH, "code_verifier does not match.");
        }
        return grant(c.provider, c.address, c.clientId, c.scope, c.offline, token("f", 8));
    }

    /**
     * Redeems a refresh token for a new access token. With {@code rotate} (Microsoft) the old refresh token is
     * used up and a new one is returned; otherwise (Google) the same refresh token stays valid and is not
     * returned again ({@code refreshToken} null).
     */
    public Grant refresh(Provider provider, String refreshToken, String clientId, boolean rotate)
            throws OAuthException {
        Refresh r = refreshToken == null ? null : refresh.get(refreshToken);
        if (r == null || r.provider != provider) {
            throw new OAuthException(OAuthException.Reason.REFRESH_UNKNOWN, "Unknown refresh token.");
        }
        if (r.revoked) {
            throw new OAuthException(OAuthException.Reason.REVOKED, "Token has been expired or revoked.");
        }
        if (r.used) {
            throw new OAuthException(OAuthException.Reason.REFRESH_EXPIRED, "The refresh token was already used.");
        }
        if (clientId != null && !r.clientId.equals(clientId)) {
            throw new OAuthException(OAuthException.Reason.CLIENT_MISMATCH, "Refresh token issued to another client.");
        }
        if (rotate) {
            r.used = true;
            return grant(r.provider, r.address, r.clientId, r.scope, true, r.family);
        }
        return grant(r.provider, r.address, r.clientId, r.scope, false, r.family);
    }

    private Grant grant(Provider provider, String address, String clientId, String scope, boolean withRefresh,
            String family) {
        Duration life = settings.accessTokenLifetime();
        Instant expires = clock.instant().plus(life);
        String at = token(provider == Provider.GMAIL ? "ya29.sbx-" : "EwB.sbx-", 48);
        access.put(at, new Access(new TokenInfo(provider, address, clientId, scope, expires), family));
        String rt = null;
        if (withRefresh) {
            rt = token(provider == Provider.GMAIL ? "1//0sbx-" : "M.R3_sbx-", 48);
            refresh.put(rt, new Refresh(provider, address, clientId, scope, family));
        }
        return new Grant(address, clientId, scope, at, rt, Math.max(1, life.toSeconds()));
    }

    /** Issues tokens directly (tests and demos that skip the authorization step). */
    public Grant issue(Provider provider, String address, String clientId, String scope, boolean withRefresh) {
        return grant(provider, address, clientId, scope, withRefresh, token("f", 8));
    }

    /** The owner of a valid access token of this provider; null when unknown, expired or revoked. */
    public TokenInfo validate(Provider provider, String accessToken) {
        Access a = accessToken == null ? null : access.get(accessToken);
        if (a == null || a.revoked || a.info.provider() != provider
                || !clock.instant().isBefore(a.info.expiresAt())) {
            return null;
        }
        return a.info;
    }

    /**
     * Revokes a token the way Google's /revoke does: the whole grant of that client for that account goes, every
     * refresh and access token issued to it (from any consent), whichever of its tokens was presented. Returns false
     * when the token is unknown.
     */
    public boolean revokeToken(String token) {
        Refresh r = refresh.get(token);
        if (r != null) {
            revokeGrant(r.provider, r.address, r.clientId);
            return true;
        }
        Access a = access.get(token);
        if (a != null) {
            revokeGrant(a.info.provider(), a.info.address(), a.info.clientId());
            return true;
        }
        return false;
    }

    private void revokeGrant(Provider provider, String address, String clientId) {
        String k = key(address);
        refresh.values().forEach(x -> {
            if (x.provider == provider && key(x.address).equals(k) && x.clientId.equals(clientId)) {
                x.revoked = true;
            }
        });
        access.values().forEach(x -> {
            if (x.info.provider() == provider && key(x.info.address()).equals(k)
                    && x.info.clientId().equals(clientId)) {
                x.revoked = true;
            }
        });
    }

    /**
     * Revokes every token of an account ({@code POST /_sandbox/tokens/revoke}): its access tokens answer 401 and
     * its refresh tokens invalid_grant from now on. Codes issued before are refused too; new consents work again.
     */
    public int revokeAccount(String address) {
        String k = key(address);
        int n = 0;
        for (Access a : access.values()) {
            if (key(a.info.address()).equals(k) && !a.revoked) {
                a.revoked = true;
                n++;
            }
        }
        for (Refresh r : refresh.values()) {
            if (key(r.address).equals(k) && !r.revoked) {
                r.revoked = true;
                n++;
            }
        }
        codes.values().removeIf(c -> key(c.address).equals(k));
        return n;
    }

    /** {@code {accessTokens: [...], refreshTokens: [...]}} ever issued for the account (control API). */
    public Map<String, Object> list(String address) {
        String k = key(address);
        List<String> at = new ArrayList<>();
        access.forEach((t, a) -> {
            if (key(a.info.address()).equals(k)) {
                at.add(t);
            }
        });
        List<String> rt = new ArrayList<>();
        refresh.forEach((t, r) -> {
            if (key(r.address).equals(k)) {
                rt.add(t);
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessTokens", at);
        m.put("refreshTokens", rt);
        return m;
    }

    public void reset() {
        codes.clear();
        redeemed.clear();
        access.clear();
        refresh.clear();
    }

    private String token(String prefix, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
