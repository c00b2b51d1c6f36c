package com.workestra.email.connector.gmail.internal;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.gmail.Gmail;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds Gmail API clients for one access token; the only place that redirects the library's fixed base URL (to the
 * configured API root, e.g. the provider sandbox).
 */
final class GmailClients {

    private static final String APPLICATION_NAME = "Workestra-Email";

    // The JDK transport: no Apache HTTP client, no thread of its own; safe to share between requests.
    private static final HttpTransport TRANSPORT = new NetHttpTransport();

    private final String rootUrl;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    GmailClients(String rootUrl, Duration connectTimeout, Duration readTimeout) {
        String root = Objects.requireNonNull(rootUrl, "rootUrl").trim();
        if (!root.startsWith("https://") && !root.startsWith("http://")) {
            throw new IllegalArgumentException("The Gmail API root URL must be an http(s) URL: " + root);
        }
        this.rootUrl = root.endsWith("/") ? root : root + "/";
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
    }

    /** The API root every client of this instance talks to, ending with a slash. */
    String rootUrl() {
        return rootUrl;
    }

    /** A client whose requests carry {@code accessToken} as bearer token and go to {@link #rootUrl()}. */
    Gmail forAccessToken(String accessToken) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("An access token is required");
        }
        HttpRequestInitializer initializer = request -> {
            request.getHeaders().setAuthorization("Bearer " + accessToken);
            request.setConnectTimeout(connectTimeoutMillis);
            request.setReadTimeout(readTimeoutMillis);
            // retries and backoff belong to the sync engine's policy, not to the library
            request.setNumberOfRetries(0);
        };
        return new Gmail.Builder(TRANSPORT, GsonFactory.getDefaultInstance(), initializer)
                .setRootUrl(rootUrl)
                .setApplicationName(APPLICATION_NAME)
                .build();
    }
}
