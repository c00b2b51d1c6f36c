package com.workestra.email.sandbox.google;

import com.sun.net.httpserver.HttpExchange;
import com.workestra.email.sandbox.Http;
import com.workestra.email.sandbox.Provider;
import com.workestra.email.sandbox.SandboxServer;
import com.workestra.email.sandbox.mail.Mailbox;
import com.workestra.email.sandbox.oauth.Grant;
import com.workestra.email.sandbox.oauth.OAuthException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google OAuth 2.0: {@code /o/oauth2/v2/auth} (consent auto-granted for a known login_hint, else an account
 * picker), {@code /token} (authorization_code with PKCE, refresh_token) and {@code /revoke}.
 */
final class GoogleOAuth {

    private final SandboxServer server;

    GoogleOAuth(SandboxServer server) {
        this.server = server;
    }

    void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = Http.query(ex);
        String redirect = q.get("redirect_uri");
        String clientId = q.get("client_id");
        if (clientId == null || clientId.isBlank()) {
            page(ex, 400, "Error 400: invalid_request", "Missing required parameter: client_id");
            return;
        }
        if (redirect == null || !(redirect.startsWith("http://") || redirect.startsWith("https://"))) {
            page(ex, 400, "Error 400: redirect_uri_mismatch", "Missing or invalid redirect_uri");
            return;
        }
        String state = q.get("state");
        if (!"code".equals(q.get("response_type"))) {
            redirect(ex, redirect, params("error", "unsupported_response_type", "state", state));
            return;
        }
        String scope = q.get("scope");
        String challenge = q.get("code_challenge");
        if (scope == null || scope.isBlank()) {
            redirect(ex, redirect, params("error", "invalid_request", "error_description", "Missing scope",
                    "state", state));
            return;
        }
        if (challenge == null || !"S256".equals(q.get("code_challenge_method"))) {
            redirect(ex, redirect, params("error", "invalid_request", "error_description",
                    "code_challenge and code_challenge_method=S256 are required", "state", state));
            return;
        }
        String hint = q.get("login_hint");
        Mailbox box = hint == null ? null : server.mail().mailbox(Provider.GMAIL, hint);
        String prompt = q.getOrDefault("prompt", "");
        if (box == null || List.of(prompt.split(" ")).contains("select_account")) {
            picker(ex, q);
            return;
        }
        boolean offline = "offline".equals(q.get("access_type"));
        String code = server.tokens().issueCode(Provider.GMAIL, box.address(), clientId, redirect, scope, challenge,
                offline);
        redirect(ex, redirect, params("state", state, "code", code, "scope", scope, "authuser", "0", "prompt",
                "consent"));
    }

    /** The account picker: one link per Gmail sandbox account, each completing the grant. */
    private void picker(HttpExchange ex, Map<String, String> q) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<title>Choose an account</title></head><body><h1>Choose an account</h1>"
                + "<p>to continue to the application (Google sandbox)</p><ul>");
        List<Mailbox> boxes = server.mail().mailboxes(Provider.GMAIL);
        for (Mailbox b : boxes) {
            Map<String, String> p = new LinkedHashMap<>(q);
            p.put("login_hint", b.address());
            p.put("prompt", "consent");
            html.append("<li><a class=\"account\" href=\"").append(esc(server.baseUrl() + "/google/o/oauth2/v2/auth?"
                    + encode(p))).append("\">").append(esc(b.account().displayName())).append(" &lt;")
                    .append(esc(b.address())).append("&gt;</a></li>");
        }
        if (boxes.isEmpty()) {
            html.append("<li>No Gmail account exists in the sandbox (POST /_sandbox/accounts).</li>");
        }
        html.append("</ul></body></html>");
        Http.send(ex, 200, "text/html; charset=UTF-8", html.toString().getBytes(StandardCharsets.UTF_8));
    }

    void token(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equalsIgnoreCase("POST")) {
            oauthError(ex, 405, "invalid_request", "POST required");
            return;
        }
        Map<String, String> f = Http.form(new String(Http.body(ex), StandardCharsets.UTF_8));
        String clientId = f.get("client_id");
        String basic = ex.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String dec = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            clientId = java.net.URLDecoder.decode(dec.split(":", 2)[0], StandardCharsets.UTF_8);
        }
        if (clientId == null || clientId.isBlank()) {
            oauthError(ex, 401, "invalid_client", "The OAuth client was not found.");
            return;
        }
        String grantType = f.getOrDefault("grant_type", "");
        try {
            Grant g;
            switch (grantType) {
                case "authorization_code" -> {
                    if (f.get("code_verifier") == null) {
                        oauthError(ex, 400, "invalid_grant", "Missing code verifier.");
                        return;
                    }
                    g = server.tokens().redeemCode(Provider.GMAIL, f.get("code"), clientId, f.get("redirect_uri"),
                            f.get("code_verifier"));
                }
                case "refresh_token" -> g = server.tokens().refresh(Provider.GMAIL, f.get("refresh_token"),
                        clientId, false);
                default -> {
                    oauthError(ex, 400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
                    return;
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("access_token", g.accessToken());
            out.put("expires_in", g.expiresInSeconds());
            if (g.refreshToken() != null) {
                out.put("refresh_token", g.refreshToken());
            }
            out.put("scope", g.scope());
            out.put("token_type", "Bearer");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            Http.sendJson(ex, 200, out);
        } catch (OAuthException e) {
            switch (e.reason()) {
                case REDIRECT_MISMATCH -> oauthError(ex, 400, "redirect_uri_mismatch", "Bad Request");
                case CLIENT_MISMATCH -> oauthError(ex, 401, "unauthorized_client", "Unauthorized");
                case PKCE_MISMATCH -> oauthError(ex, 400, "invalid_grant", "Invalid code verifier.");
                case REVOKED, REFRESH_EXPIRED -> oauthError(ex, 400, "invalid_grant",
                        "Token has been expired or revoked.");
                case CODE_REDEEMED, CODE_EXPIRED, CODE_UNKNOWN, PROVIDER_MISMATCH -> oauthError(ex, 400,
                        "invalid_grant", "Malformed auth code.");
                default -> oauthError(ex, 400, "invalid_grant", "Bad Request");
            }
        }
    }

    void revoke(HttpExchange ex) throws IOException {
        String token = Http.query(ex).get("token");
        if (token == null && ex.getRequestMethod().equalsIgnoreCase("POST")) {
            token = Http.form(new String(Http.body(ex), StandardCharsets.UTF_8)).get("token");
        }
        if (token == null || !server.tokens().revokeToken(token)) {
            oauthError(ex, 400, "invalid_token", "Token expired or revoked");
            return;
        }
        Http.sendJson(ex, 200, Map.of());
    }

    private static void oauthError(HttpExchange ex, int status, String error, String description) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("error_description", description);
        Http.sendJson(ex, status, m);
    }

    private static void redirect(HttpExchange ex, String uri, Map<String, String> params) throws IOException {
        String location = uri + (uri.contains("?") ? "&" : "?") + encode(params);
        ex.getResponseHeaders().set("Location", location);
        Http.send(ex, 302, "text/html; charset=UTF-8",
                ("<a href=\"" + esc(location) + "\">continue</a>").getBytes(StandardCharsets.UTF_8));
    }

    private static void page(HttpExchange ex, int status, String title, String text) throws IOException {
        Http.send(ex, status, "text/html; charset=UTF-8", ("<!doctype html><html><body><h1>" + esc(title)
                + "</h1><p>" + esc(text) + "</p></body></html>").getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private static String encode(Map<String, String> params) {
        StringBuilder s = new StringBuilder();
        params.forEach((k, v) -> s.append(s.length() > 0 ? "&" : "").append(URLEncoder.encode(k,
                StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return s.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
