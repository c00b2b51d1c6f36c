package com.workestra.email.sync.internal.connect;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.workestra.email.spi.OAuthClientSettings;
import com.workestra.email.spi.ProviderException;
import com.workestra.email.store.TokenSet;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;

/** The OAuth 2.0 authorization-code + PKCE flow, refresh and revocation through the Nimbus OAuth SDK. */
final class OAuthClient {

    private static final int TIMEOUT_MS = 15_000;

    /** A started authorization: the URL for the browser and the secrets to keep. */
    record Started(URI url, String state, String codeVerifier) {
    }

    Started start(OAuthClientSettings s, URI redirectUri, State state, String loginHint, boolean addAnother,
            java.util.List<String> extraScopes) {
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest.Builder b = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
                new ClientID(s.clientId()))
                .endpointURI(s.authorizationEndpoint())
                .redirectionURI(redirectUri)
                .scope(new Scope(java.util.stream.Stream.concat(s.scopes().stream(), extraScopes.stream())
                        .distinct().toArray(String[]::new)))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        s.extraAuthorizationParameters().forEach(b::customParameter);
        if (loginHint != null && !loginHint.isBlank()) {
            b.customParameter("login_hint", loginHint.trim());
        }
        if (addAnother && s.accountPickerPrompt() != null) {
            b.customParameter("prompt", s.accountPickerPrompt());
        }
        return new Started(b.build().toURI(), state.getValue(), verifier.getValue());
    }

    TokenSet exchange(String provider, OAuthClientSettings s, String code, URI redirectUri, String codeVerifier,
            Instant now) throws ProviderException {
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                new CodeVerifier(codeVerifier));
        return token(provider, s, grant, null, now, true);
    }

    TokenSet refresh(String provider, OAuthClientSettings s, TokenSet current, Instant now)
            throws ProviderException {
        if (current.refreshToken() == null) {
            throw new ProviderException.Authorization(ProviderException.TOKEN_EXPIRED,
                    "Workestra has no long-lived access to this mailbox. Reconnect the account.", null);
        }
        return token(provider, s, new RefreshTokenGrant(new RefreshToken(current.refreshToken())), current, now,
                false);
    }

    /** Revokes a token where the provider supports it; failures are reported to the caller, never thrown. */
    boolean revoke(OAuthClientSettings s, String token) {
        if (s.revocationEndpoint() == null || token == null) {
            return false;
        }
        try {
            ClientAuthentication auth = auth(s);
            TokenRevocationRequest revocation = auth != null
                    ? new TokenRevocationRequest(s.revocationEndpoint(), auth, new RefreshToken(token))
                    : new TokenRevocationRequest(s.revocationEndpoint(), new ClientID(s.clientId()),
                            new RefreshToken(token));
            HTTPRequest req = revocation.toHTTPRequest();
            timeouts(req);
            return req.send().indicatesSuccess();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private TokenSet token(String provider, OAuthClientSettings s, AuthorizationGrant grant, TokenSet current,
            Instant now, boolean exchange) throws ProviderException {
        HTTPResponse http;
        try {
            ClientAuthentication auth = auth(s);
            TokenRequest request = auth != null ? new TokenRequest(s.tokenEndpoint(), auth, grant, null)
                    : new TokenRequest(s.tokenEndpoint(), new ClientID(s.clientId()), grant, null);
            HTTPRequest req = request.toHTTPRequest();
            timeouts(req);
            http = req.send();
        } catch (IOException e) {
            throw new ProviderException.Transient(ProviderException.CONNECTION_FAILED,
                    "Workestra could not reach the sign-in service. Check the network and try again.", e);
        }
        TokenResponse response;
        try {
            response = TokenResponse.parse(http);
        } catch (ParseException e) {
            throw OAuthErrors.map(provider, null, null, http.getStatusCode(), exchange);
        }
        if (!response.indicatesSuccess()) {
            ErrorObject err = response.toErrorResponse().getErrorObject();
            throw OAuthErrors.map(provider, err.getCode(), err.getDescription(), http.getStatusCode(), exchange);
        }
        Tokens tokens = response.toSuccessResponse().getTokens();
        AccessToken access = tokens.getAccessToken();
        Instant expires = access.getLifetime() > 0 ? now.plusSeconds(access.getLifetime()) : null;
        String refresh = tokens.getRefreshToken() != null ? tokens.getRefreshToken().getValue()
                : current != null ? current.refreshToken() : null;
        String scopes = access.getScope() != null ? access.getScope().toString()
                : current != null ? current.scopes() : null;
        return new TokenSet(access.getValue(), expires, refresh, scopes);
    }

    private static ClientAuthentication auth(OAuthClientSettings s) {
        return s.clientSecret() == null || s.clientSecret().isEmpty() ? null
                : new ClientSecretPost(new ClientID(s.clientId()), new Secret(s.clientSecret()));
    }

    private static void timeouts(HTTPRequest req) {
        req.setConnectTimeout(TIMEOUT_MS);
        req.setReadTimeout(TIMEOUT_MS);
    }
}
