package com.workestra.email.sandbox.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.auth.oauth2.AuthorizationCodeFlow;
import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.services.gmail.GmailScopes;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoogleOAuthTest {

    static final String CLIENT = "workestra-test.apps.googleusercontent.com";
    static final String REDIRECT = "http://127.0.0.1:1/oauth/callback";
    static final String USER = "dana@gmail-sandbox.test";
    static GmailFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new GmailFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void account() throws Exception {
        fx.reset();
        fx.control("POST", "/_sandbox/accounts", Map.of("provider", "gmail", "address", USER, "messages", 5));
    }

    private AuthorizationCodeFlow flow() {
        return new AuthorizationCodeFlow.Builder(BearerToken.authorizationHeaderAccessMethod(), GmailFixture.TRANSPORT,
                GmailFixture.JSON, new GenericUrl(fx.base() + "/google/token"),
                new ClientParametersAuthentication(CLIENT, null), CLIENT, fx.base() + "/google/o/oauth2/v2/auth")
                .setScopes(List.of(GmailScopes.GMAIL_MODIFY)).enablePKCE().build();
    }

    private static Map<String, String> query(String location) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : URI.create(location).getRawQuery().split("&")) {
            String[] kv = p.split("=", 2);
            out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void codeWithPkceThenRefresh() throws Exception {
        AuthorizationCodeFlow flow = flow();
        String url = flow.newAuthorizationUrl().setRedirectUri(REDIRECT).setState("st-1")
                .set("access_type", "offline").set("login_hint", USER).build();
        assertTrue(url.contains("code_challenge_method=S256"), url);
        HttpResponse<String> r = fx.get(url);
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        Map<String, String> q = query(location);
        assertEquals("st-1", q.get("state"));

        TokenResponse tokens = flow.newTokenRequest(q.get("code")).setRedirectUri(REDIRECT).execute();
        assertNotNull(tokens.getRefreshToken());
        assertEquals(USER, fx.gmail(tokens.getAccessToken()).users().getProfile("me").execute().getEmailAddress());

        TokenResponseException reuse = assertThrows(TokenResponseException.class,
                () -> flow.newTokenRequest(q.get("code")).setRedirectUri(REDIRECT).execute());
        assertEquals("invalid_grant", reuse.getDetails().getError());

        TokenResponse refreshed = new RefreshTokenRequest(GmailFixture.TRANSPORT, GmailFixture.JSON,
                new GenericUrl(fx.base() + "/google/token"), tokens.getRefreshToken())
                .setClientAuthentication(new ClientParametersAuthentication(CLIENT, null)).execute();
        assertNotEquals(tokens.getAccessToken(), refreshed.getAccessToken());
        assertNull(refreshed.getRefreshToken(), "Google does not rotate refresh tokens");
        assertEquals(USER, fx.gmail(refreshed.getAccessToken()).users().getProfile("me").execute()
                .getEmailAddress());
    }

    @Test
    void wrongVerifierOrRedirectIsRefused() throws Exception {
        AuthorizationCodeFlow flow = flow();
        String url = flow.newAuthorizationUrl().setRedirectUri(REDIRECT).set("login_hint", USER).build();
        String code = query(fx.get(url).headers().firstValue("Location").orElseThrow()).get("code");
        TokenResponseException wrongRedirect = assertThrows(TokenResponseException.class,
                () -> flow.newTokenRequest(code).setRedirectUri(REDIRECT + "/other").execute());
        assertEquals(400, wrongRedirect.getStatusCode());

        String url2 = flow.newAuthorizationUrl().setRedirectUri(REDIRECT).set("login_hint", USER).build();
        String code2 = query(fx.get(url2).headers().firstValue("Location").orElseThrow()).get("code");
        TokenResponseException wrongVerifier = assertThrows(TokenResponseException.class,
                () -> flow().newTokenRequest(code2).setRedirectUri(REDIRECT).execute());
        assertEquals("invalid_grant", wrongVerifier.getDetails().getError());
    }

    @Test
    void pickerWhenNoHintAndErrorsRedirect() throws Exception {
        String url = flow().newAuthorizationUrl().setRedirectUri(REDIRECT).setState("s").build();
        HttpResponse<String> picker = fx.get(url);
        assertEquals(200, picker.statusCode());
        Matcher m = Pattern.compile("href=\"([^\"]+)\"").matcher(picker.body());
        assertTrue(m.find(), picker.body());
        assertTrue(picker.body().contains(USER));
        HttpResponse<String> chosen = fx.get(m.group(1).replace("&amp;", "&"));
        assertEquals(302, chosen.statusCode());
        assertNotNull(query(chosen.headers().firstValue("Location").orElseThrow()).get("code"));

        String noPkce = fx.base() + "/google/o/oauth2/v2/auth?response_type=code&client_id=" + CLIENT
                + "&redirect_uri=" + REDIRECT + "&scope=email&state=z&login_hint=" + USER;
        HttpResponse<String> err = fx.get(noPkce);
        assertEquals(302, err.statusCode());
        Map<String, String> q = query(err.headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request", q.get("error"));
        assertEquals("z", q.get("state"));
    }

    @Test
    void revokedAccountAnswersInvalidGrantAnd401() throws Exception {
        var grant = fx.sandbox.tokens().issue(com.workestra.email.sandbox.Provider.GMAIL, USER, CLIENT,
                GmailScopes.GMAIL_MODIFY, true);
        fx.control("POST", "/_sandbox/tokens/revoke", Map.of("address", USER));
        GoogleJsonResponseException unauth = assertThrows(GoogleJsonResponseException.class,
                () -> fx.gmail(grant.accessToken()).users().getProfile("me").execute());
        assertEquals(401, unauth.getStatusCode());
        TokenResponseException refresh = assertThrows(TokenResponseException.class,
                () -> new RefreshTokenRequest(GmailFixture.TRANSPORT, GmailFixture.JSON,
                        new GenericUrl(fx.base() + "/google/token"), grant.refreshToken())
                        .setClientAuthentication(new ClientParametersAuthentication(CLIENT, null)).execute());
        assertEquals("invalid_grant", refresh.getDetails().getError());
    }

    @Test
    void revokingOneTokenRevokesTheClientsWholeGrantForThatAccountOnly() throws Exception {
        var first = fx.sandbox.tokens().issue(com.workestra.email.sandbox.Provider.GMAIL, USER, CLIENT,
                GmailScopes.GMAIL_MODIFY, true);
        var second = fx.sandbox.tokens().issue(com.workestra.email.sandbox.Provider.GMAIL, USER, CLIENT,
                GmailScopes.GMAIL_MODIFY, true);
        var otherClient = fx.sandbox.tokens().issue(com.workestra.email.sandbox.Provider.GMAIL, USER, "other-app",
                GmailScopes.GMAIL_MODIFY, true);
        HttpResponse<String> revoked = fx.raw("POST", "/google/revoke?token=" + second.refreshToken(), null);
        assertEquals(200, revoked.statusCode(), revoked.body());
        for (String token : new String[] {first.accessToken(), second.accessToken()}) {
            GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class,
                    () -> fx.gmail(token).users().getProfile("me").execute());
            assertEquals(401, e.getStatusCode(), "every token of the grant, from any consent, is revoked");
        }
        assertEquals(USER, fx.gmail(otherClient.accessToken()).users().getProfile("me").execute().getEmailAddress(),
                "another application's grant is untouched");
    }

    @Test
    void injectedInvalidGrantOnTokenEndpoint() throws Exception {
        var grant = fx.sandbox.tokens().issue(com.workestra.email.sandbox.Provider.GMAIL, USER, CLIENT,
                GmailScopes.GMAIL_MODIFY, true);
        fx.control("POST", "/_sandbox/faults", Map.of("provider", "gmail", "pathPattern", "^/google/token$",
                "status", 400, "times", 1, "body", Map.of("error", "invalid_grant", "error_description",
                        "Token has been expired or revoked.")));
        RefreshTokenRequest req = new RefreshTokenRequest(GmailFixture.TRANSPORT, GmailFixture.JSON,
                new GenericUrl(fx.base() + "/google/token"), grant.refreshToken())
                .setClientAuthentication(new ClientParametersAuthentication(CLIENT, null));
        TokenResponseException e = assertThrows(TokenResponseException.class, req::execute);
        assertEquals("invalid_grant", e.getDetails().getError());
        assertNotNull(req.execute().getAccessToken(), "the fault is used up after one answer");
    }
}
