package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A browser that follows the OAuth redirect chain by hand: authorize → provider consent → our callback. */
final class OAuthBrowser {

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Http http;
    private final String sandboxBase;

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
        Http.Answer start = http.send("POST", "/email/v1/connections/" + providerId + "/authorize", token,
                "{\"loginHint\":\"" + loginHint + "\"" + (extra == null ? "" : "," + extra) + "}");
        assertEquals(200, start.status(), start.body());
        String url = start.json().get("authorizationUrl").asText();
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
        HttpResponse<String> back = browser.send(HttpRequest.newBuilder(URI.create(callback))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Http.Answer(back.statusCode(), back.body(), back.headers().firstValue("Content-Type").orElse(""));
    }

    /** Sends a GET without following redirects. */
    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
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
