package com.workestra.email.sandbox.microsoft;

import com.sun.net.httpserver.HttpExchange;
import com.workestra.email.sandbox.Http;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Microsoft identity platform v2.0 under {@code /microsoft/{tenant}/oauth2/v2.0/}: authorize (account picker for
 * prompt=select_account, straight redirect for a known login_hint, S256 PKCE required) and token
 * (authorization_code and refresh_token grants, rotation), errors as AAD JSON with AADSTS codes.
 */
final class IdentityEndpoints {

    private final MailBackend mail;
    private final IdentityBackend tokens;

    IdentityEndpoints(MailBackend mail, IdentityBackend tokens) {
        this.mail = mail;
        this.tokens = tokens;
    }

    /** Serves {@code /microsoft/...}; {@code path} is the full request path. */
    void handle(HttpExchange ex, String path) throws IOException {
        String[] seg = path.substring("/microsoft/".length()).split("/");
        if (seg.length != 4 || seg[0].isBlank() || !seg[1].equals("oauth2") || !seg[2].equals("v2.0")) {
            Http.sendJson(ex, 404, aadError("invalid_request", 90002, "Tenant or endpoint not found.", seg[0]));
            return;
        }
        String tenant = seg[0];
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        if (seg[3].equals("authorize") && (method.equals("GET") || method.equals("POST"))) {
            Map<String, String> q = method.equals("GET") ? Http.query(ex)
                    : Http.form(new String(Http.body(ex), StandardCharsets.UTF_8));
            mail.count(method, "authorize");
            authorize(ex, tenant, q);
        } else if (seg[3].equals("token") && method.equals("POST")) {
            mail.count(method, "token");
            token(ex, Http.form(new String(Http.body(ex), StandardCharsets.UTF_8)));
        } else {
            Http.sendJson(ex, 405, aadError("invalid_request", 900561, "The endpoint only accepts "
                    + (seg[3].equals("token") ? "POST" : "GET and POST") + " requests.", tenant));
        }
    }

    // ---- authorize ----

    private void authorize(HttpExchange ex, String tenant, Map<String, String> q) throws IOException {
        String clientId = q.get("client_id");
        String redirectUri = q.get("redirect_uri");
        if (clientId == null || clientId.isBlank()) {
            errorPage(ex, 900144, "The request body must contain the following parameter: 'client_id'.");
            return;
        }
        if (redirectUri == null || !absolute(redirectUri)) {
            errorPage(ex, 50011, "The redirect URI '" + redirectUri + "' specified in the request does not match"
                    + " the redirect URIs configured for the application '" + clientId + "'.");
            return;
        }
        String state = q.get("state");
        if (!"code".equals(q.get("response_type"))) {
            redirectError(ex, redirectUri, state, "unsupported_response_type", 700054,
                    "response_type '" + q.get("response_type") + "' is not enabled for the application.");
            return;
        }
        String scope = q.getOrDefault("scope", "");
        if (scope.isBlank()) {
            redirectError(ex, redirectUri, state, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'scope'.");
            return;
        }
        String challenge = q.get("code_challenge");
        if (challenge == null || challenge.isBlank()) {
            redirectError(ex, redirectUri, state, "invalid_request", 9002325,
                    "Proof Key for Code Exchange is required for cross-origin authorization code redemption.");
            return;
        }
        if (!"S256".equals(q.get("code_challenge_method"))) {
            redirectError(ex, redirectUri, state, "invalid_request", 501491, "Invalid code_challenge_method: only"
                    + " S256 is accepted.");
            return;
        }
        String prompt = q.getOrDefault("prompt", "");
        String hint = q.get("login_hint");
        MailBackend.Account account = hint == null ? null : mail.account(hint.trim());
        if (account != null && account.shared()) {
            account = null;
        }
        if (prompt.equals("none") && account == null) {
            redirectError(ex, redirectUri, state, "login_required", 50058, "A silent sign-in request was sent but"
                    + " no user is signed in.");
            return;
        }
        if (account == null || prompt.equals("select_account") || prompt.equals("login")) {
            picker(ex, tenant, q, hint);
            return;
        }
        String code = tokens.issueCode(account.address(), clientId, redirectUri, scope, challenge);
        StringBuilder to = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append("code=").append(enc(code));
        if (state != null) {
            to.append("&state=").append(enc(state));
        }
        to.append("&session_state=").append(UUID.randomUUID());
        ex.getResponseHeaders().set("Location", to.toString());
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    /** The account picker: each outlook user account is a link that completes the grant for it. */
    private void picker(HttpExchange ex, String tenant, Map<String, String> q, String hint) throws IOException {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>Sign in to your account</title></head><body>\n<h1>Pick an account</h1>\n");
        if (hint != null && mail.account(hint.trim()) == null) {
            html.append("<p class=\"error\">This username may be incorrect: ").append(escape(hint)).append("</p>\n");
        }
        html.append("<ul id=\"accounts\">\n");
        List<MailBackend.Account> accounts = new ArrayList<>(mail.accounts());
        for (MailBackend.Account a : accounts) {
            if (a.shared()) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>(q);
            params.remove("prompt");
            params.put("login_hint", a.address());
            StringBuilder href = new StringBuilder("/microsoft/").append(enc(tenant)).append("/oauth2/v2.0/authorize?");
            params.forEach((k, v) -> href.append(enc(k)).append('=').append(enc(v)).append('&'));
            href.setLength(href.length() - 1);
            html.append("<li><a class=\"account\" data-address=\"").append(escape(a.address())).append("\" href=\"")
                    .append(escape(href.toString())).append("\">").append(escape(a.displayName() == null ? ""
                            : a.displayName())).append(" &lt;").append(escape(a.address())).append("&gt;</a></li>\n");
        }
        html.append("</ul>\n</body></html>\n");
        Http.send(ex, 200, "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ---- token ----

    private void token(HttpExchange ex, Map<String, String> f) throws IOException {
        String grant = f.get("grant_type");
        String clientId = f.get("client_id");
        if (clientId == null || clientId.isBlank()) {
            clientId = basicClientId(ex.getRequestHeaders().getFirst("Authorization"));
        }
        if (grant == null || grant.isBlank()) {
            Http.sendJson(ex, 400, aadError("invalid_request", 900144,
                    "The request body must contain the following parameter: 'grant_type'.", null));
            return;
        }
        if (clientId == null || clientId.isBlank()) {
            Http.sendJson(ex, 400, aadError("invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_id'.", null));
            return;
        }
        String scope = f.getOrDefault("scope", "");
        IdentityBackend.Grant g;
        try {
            switch (grant) {
                case "authorization_code":
                    if (f.get("code") == null) {
                        Http.sendJson(ex, 400, aadError("invalid_request", 900144,
                                "The request body must contain the following parameter: 'code'.", null));
                        return;
                    }
                    if (f.get("code_verifier") == null) {
                        Http.sendJson(ex, 400, aadError("invalid_grant", 501481,
                                "The Code_Verifier does not match the code_challenge supplied in the authorization"
                                        + " request.", null));
                        return;
                    }
                    g = tokens.redeemCode(f.get("code"), clientId, f.get("redirect_uri"), f.get("code_verifier"));
                    break;
                case "refresh_token":
                    if (f.get("refresh_token") == null) {
                        Http.sendJson(ex, 400, aadError("invalid_request", 900144,
                                "The request body must contain the following parameter: 'refresh_token'.", null));
                        return;
                    }
                    g = tokens.refresh(f.get("refresh_token"), clientId);
                    break;
                default:
                    Http.sendJson(ex, 400, aadError("unsupported_grant_type", 70003, "The app requested an"
                            + " unsupported grant type '" + grant + "'.", null));
                    return;
            }
        } catch (IdentityBackend.Refused r) {
            Http.sendJson(ex, 400, refusal(r.reason));
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token_type", "Bearer");
        out.put("scope", grantedScope(scope));
        out.put("expires_in", g.expiresInSeconds());
        out.put("ext_expires_in", g.expiresInSeconds());
        out.put("access_token", g.accessToken());
        if (g.refreshToken() != null) {
            out.put("refresh_token", g.refreshToken());
        }
        if (scope.contains("openid")) {
            out.put("id_token", idToken(g.address(), clientId));
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
        ex.getResponseHeaders().set("Pragma", "no-cache");
        Http.sendJson(ex, 200, out);
    }

    private static Map<String, Object> refusal(IdentityBackend.Reason reason) {
        switch (reason) {
            case PKCE_MISMATCH:
                return aadError("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge"
                        + " supplied in the authorization request.", null);
            case REDIRECT_MISMATCH:
                return aadError("invalid_grant", 70000, "The request is not valid: the redirect_uri does not match"
                        + " the one used in the authorization request.", null);
            case CLIENT_MISMATCH:
                return aadError("invalid_grant", 70000, "The provided grant was issued to another client"
                        + " application.", null);
            case CODE_REDEEMED:
                return aadError("invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please"
                        + " retry with a new valid code or use an existing refresh token.", null);
            case CODE_EXPIRED:
            case REFRESH_EXPIRED:
                return aadError("invalid_grant", 70008, "The provided authorization code or refresh token has"
                        + " expired due to inactivity. Send a new interactive authorization request for this user and"
                        + " resource.", null);
            case REVOKED:
                return aadError("invalid_grant", 50173, "The provided grant has expired due to it being revoked, a"
                        + " fresh auth token is needed. The user might have changed or reset their password.", null);
            case REFRESH_UNKNOWN:
                return aadError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid:"
                        + " the refresh token is unknown or was already used.", null);
            case CODE_UNKNOWN:
            default:
                return aadError("invalid_grant", 70000, "The provided value for the 'code' parameter is not valid.",
                        null);
        }
    }

    /** AAD's error JSON: error, error_description starting with AADSTS code, error_codes, ids and timestamp. */
    static Map<String, Object> aadError(String error, int code, String description, String tenant) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("T", " ");
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("error", error);
        e.put("error_description", "AADSTS" + code + ": " + description + " Trace ID: " + trace
                + " Correlation ID: " + correlation + " Timestamp: " + now);
        e.put("error_codes", List.of(code));
        e.put("timestamp", now);
        e.put("trace_id", trace);
        e.put("correlation_id", correlation);
        e.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return e;
    }

    private static void errorPage(HttpExchange ex, int code, String description) throws IOException {
        String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sign in to your account</title>"
                + "</head><body><h1>Sorry, but we're having trouble signing you in.</h1>\n<p id=\"error\">AADSTS" + code
                + ": " + escape(description) + "</p></body></html>\n";
        Http.send(ex, 400, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void redirectError(HttpExchange ex, String redirectUri, String state, String error, int code,
            String description) throws IOException {
        StringBuilder to = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append("error=").append(enc(error)).append("&error_description=")
                .append(enc("AADSTS" + code + ": " + description));
        if (state != null) {
            to.append("&state=").append(enc(state));
        }
        ex.getResponseHeaders().set("Location", to.toString());
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    /** The scope AAD reports: resource-qualified Graph scopes, without the OIDC ones. */
    static String grantedScope(String requested) {
        List<String> out = new ArrayList<>();
        for (String s : requested.trim().split("\\s+")) {
            if (s.isEmpty() || s.equals("openid") || s.equals("profile") || s.equals("offline_access")
                    || s.equals("email")) {
                continue;
            }
            out.add(s.startsWith("https://") ? s : "https://graph.microsoft.com/" + s);
        }
        if (out.isEmpty()) {
            out.add("https://graph.microsoft.com/User.Read");
        }
        return String.join(" ", out);
    }

    /** An unsigned id token (alg none): enough for clients that read claims, never for signature checks. */
    private static String idToken(String address, String clientId) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", clientId);
        claims.put("iss", "https://login.microsoftonline.com/" + GraphIds.TENANT_ID + "/v2.0");
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + 3600);
        claims.put("oid", GraphIds.userId(address));
        claims.put("preferred_username", address);
        claims.put("email", address);
        claims.put("sub", GraphIds.hash(address + clientId, 43));
        claims.put("tid", GraphIds.TENANT_ID);
        claims.put("ver", "2.0");
        try {
            return b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(Http.JSON.writeValueAsBytes(claims)) + ".";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String basicClientId(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return java.net.URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean absolute(String uri) {
        try {
            return URI.create(uri).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
