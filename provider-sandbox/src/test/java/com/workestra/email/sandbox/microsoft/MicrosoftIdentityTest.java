package com.workestra.email.sandbox.microsoft;

import static com.workestra.email.sandbox.microsoft.GraphTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The identity platform endpoints driven by Nimbus and the Graph SDK, through the real redirect. */
class MicrosoftIdentityTest {

    private static SandboxFixture sandbox;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new SandboxFixture();
        base = sandbox.base();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void codeWithPkceThenRefreshRotatesAndRevokeEndsTheGrant() throws Exception {
        String address = uniqueAddress("ida");
        createOutlookAccount(base, address, 2, null);
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();

        HttpResponse<String> redirect = get(authorizeUri(base, address, verifier, state, null));
        assertEquals(302, redirect.statusCode(), redirect::body);
        AuthorizationCode code = authorizationCode(redirect, state);

        TokenResponse wrongVerifier = exchange(base, code, new CodeVerifier());
        assertFalse(wrongVerifier.indicatesSuccess());
        assertAad(wrongVerifier.toErrorResponse().getErrorObject(), "invalid_grant", "AADSTS501481:");

        // A fresh code (the failed attempt consumed the first one in AAD as well).
        redirect = get(authorizeUri(base, address, verifier, state, null));
        code = authorizationCode(redirect, state);
        TokenResponse ok = exchange(base, code, verifier);
        assertTrue(ok.indicatesSuccess(), () -> ok.toErrorResponse().getErrorObject().toString());
        Tokens tokens = ok.toSuccessResponse().getTokens();
        assertNotNull(tokens.getRefreshToken());

        User me = client(base, tokens.getAccessToken().getValue()).me().get();
        assertEquals(address, me.getMail());
        assertEquals(address, me.getUserPrincipalName());
        assertNotNull(me.getId());

        TokenResponse redeemedAgain = exchange(base, code, verifier);
        assertAad(redeemedAgain.toErrorResponse().getErrorObject(), "invalid_grant", "AADSTS54005:");

        RefreshToken first = tokens.getRefreshToken();
        Tokens second = refresh(base, first).toSuccessResponse().getTokens();
        assertNotEquals(first, second.getRefreshToken());
        Tokens third = refresh(base, second.getRefreshToken()).toSuccessResponse().getTokens();
        assertNotEquals(second.getRefreshToken(), third.getRefreshToken());
        assertEquals(address, client(base, third.getAccessToken().getValue()).me().get().getMail());

        TokenResponse reused = refresh(base, first);
        assertFalse(reused.indicatesSuccess(), "a rotated refresh token must not work again");
        assertAad(reused.toErrorResponse().getErrorObject(), "invalid_grant", "AADSTS70008:");

        control(base, "POST", "/_sandbox/tokens/revoke", Map.of("address", address));
        TokenResponse revoked = refresh(base, third.getRefreshToken());
        assertAad(revoked.toErrorResponse().getErrorObject(), "invalid_grant", "AADSTS50173:");
        ODataError unauthorized = assertThrows(ODataError.class,
                () -> client(base, third.getAccessToken().getValue()).me().get());
        assertEquals(401, unauthorized.getResponseStatusCode());
        assertEquals("InvalidAuthenticationToken", unauthorized.getError().getCode());
    }

    @Test
    void selectAccountShowsThePickerWhoseLinkCompletesTheGrant() throws Exception {
        String address = uniqueAddress("picker");
        createOutlookAccount(base, address, 0, null);
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        HttpResponse<String> page = get(authorizeUri(base, address, verifier, state, "select_account"));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        Matcher m = Pattern.compile("data-address=\"" + Pattern.quote(address) + "\" href=\"([^\"]+)\"")
                .matcher(page.body());
        assertTrue(m.find(), page.body());
        String href = m.group(1).replace("&amp;", "&");
        HttpResponse<String> redirect = get(URI.create(base + href));
        assertEquals(302, redirect.statusCode(), redirect::body);
        AuthorizationCode code = authorizationCode(redirect, state);
        assertTrue(exchange(base, code, verifier).indicatesSuccess());
    }

    @Test
    void authorizeWithoutPkceRedirectsWithAnAadError() throws Exception {
        String address = uniqueAddress("nopkce");
        createOutlookAccount(base, address, 0, null);
        URI uri = URI.create(base + "/microsoft/common/oauth2/v2.0/authorize?client_id=" + CLIENT_ID
                + "&response_type=code&redirect_uri=" + REDIRECT + "&scope=User.Read&state=s1&login_hint=" + address);
        HttpResponse<String> r = get(uri);
        assertEquals(302, r.statusCode());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("error=invalid_request"), location);
        assertTrue(decode(location).contains("AADSTS"), location);
        assertTrue(location.endsWith("state=s1"), location);
    }

    @Test
    void tokenErrorsCarryAadstsCodes() throws Exception {
        HttpResponse<String> r = call(base, "POST", "/microsoft/common/oauth2/v2.0/token", null);
        assertEquals(400, r.statusCode());
        var json = com.workestra.email.sandbox.Http.JSON.readTree(r.body());
        assertEquals("invalid_request", json.get("error").asText());
        assertTrue(json.get("error_description").asText().startsWith("AADSTS900144:"), r.body());
        assertEquals(900144, json.get("error_codes").get(0).asInt());
        assertTrue(List.of("trace_id", "correlation_id", "timestamp").stream().allMatch(json::has));
    }

    static void assertAad(ErrorObject error, String code, String descriptionPrefix) {
        assertEquals(code, error.getCode(), error::toString);
        assertTrue(error.getDescription() != null && error.getDescription().startsWith(descriptionPrefix),
                error::toString);
    }
}
