package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A browser that follows the OAuth redirect chain by hand: authorize → provider consent → our callback. Like a real
 * browser it keeps the cookies our node sets (the flow's HttpOnly cookie from the authorize answer) and sends them
 * back to our node only; a second {@code OAuthBrowser} is another browser with cookies of its own.
 */
final class OAuthBrowser {

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Http http;
    private final String sandboxBase;
    /** Cookies our node set in this browser: name → value (path /email/v1/oauth/, the only cookies it sets). */
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private final List<String> setCookieHeaders = new CopyOnWriteArrayList<>();

    OAuthBrowser(Http http, String sandboxBase) {
        this.http = http;
        this.sandboxBase = sandboxBase;
    }

    /** Connects a mailbox and returns the callback's JSON answer. */
    Http.Answer connect(String providerId, String loginHint, String extra) throws IOException, InterruptedException {
        return connect(Node.DEMO_TOKEN, providerId, loginHint, extra);
    }

    /** Connects a mailbox for the user of {@code token} and returns the callback's JSON answer. */
    Http.Answer connect(String token, String providerId, String loginHint, String extra)
            throws IOException, InterruptedException {
        Http.Answer start = authorize(token, providerId, "{\"loginHint\":\"" + loginHint + "\""
                + (extra == null ? "" : "," + extra) + "}");
        assertEquals(200, start.status(), start.body());
        return finish(start.json().get("authorizationUrl").asText(), providerId, loginHint);
    }

    /** What the web UI does first: POST authorize from the page (same origin, the answer's cookies are kept). */
    Http.Answer authorize(String token, String providerId, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(http.base()
                + "/email/v1/connections/" + providerId + "/authorize"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        keepCookies(r);
        return new Http.Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
                r.headers());
    }

    /** Follows an authorization URL through the provider's consent to our callback (JSON answer). */
    Http.Answer finish(String url, String providerId, String loginHint) throws IOException, InterruptedException {
        assertTrue(url.startsWith(sandboxBase), url);
        assertTrue(url.contains("code_challenge_method=S256"), url);
        HttpResponse<String> consent = browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (consent.statusCode() == 200) {
            // the provider's account picker (addAnother): the user picks the account
            consent = browser.send(HttpRequest.newBuilder(URI.create(pick(consent.body(), loginHint))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(302, consent.statusCode(), consent.body());
        String callback = consent.headers().firstValue("Location").orElseThrow();
        assertTrue(callback.contains("/email/v1/oauth/" + providerId + "/callback"), callback);
        HttpResponse<String> back = send(HttpRequest.newBuilder(URI.create(callback))
                .header("Accept", "application/json").GET());
        return new Http.Answer(back.statusCode(), back.body(), back.headers().firstValue("Content-Type").orElse(""),
                back.headers());
    }

    /** The callback with a query of the test's choosing, as this browser (its cookies), asking for JSON. */
    Http.Answer callback(String providerId, String query) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(http.base() + "/email/v1/oauth/" + providerId
                + "/callback?" + query)).header("Accept", "application/json").GET());
        return new Http.Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
                r.headers());
    }

    /** Sends a GET without following redirects. */
    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** The Set-Cookie headers our node sent to this browser so far. */
    List<String> setCookieHeaders() {
        return setCookieHeaders;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest probe = request.build();
        if (probe.uri().toString().startsWith(http.base() + "/email/v1/oauth/") && !cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> r = browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        keepCookies(r);
        return r;
    }

    private void keepCookies(HttpResponse<String> r) {
        if (!r.uri().toString().startsWith(http.base())) {
            return;
        }
        for (String header : r.headers().allValues("Set-Cookie")) {
            setCookieHeaders.add(header);
            for (HttpCookie c : HttpCookie.parse(header)) {
                if (c.getMaxAge() == 0 || c.getValue().isEmpty()) {
                    cookies.remove(c.getName());
                } else {
                    cookies.put(c.getName(), c.getValue());
                }
            }
        }
    }
    /** The picker's link for an account: the anchor whose text names the address. */
    private static String pick(String html, String address) {
        for (String link : html.split("href=\"")) {
            int end = link.indexOf('"');
            if (end < 0 || !link.startsWith("http")) {
                continue;
            }
            int close = link.indexOf("</a>", end);
            String label = link.substring(end, close < 0 ? link.length() : close);
            if (label.contains(address)) {
                return link.substring(0, end).replace("&amp;", "&");
            }
        }
        throw new AssertionError("no picker entry for " + address + " in " + html);
    }
}
