package com.workestra.email.connector.outlook.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks the configured Microsoft URLs: absolute, https, or plain http towards a loopback sandbox only. */
final class Endpoints {

    private Endpoints() {
    }

    /**
     * Parses a configured base URL.
     *
     * @param key the configuration key, for the message
     * @param value the configured value
     * @return the URL
     * @throws IllegalArgumentException when it is not usable
     */
    static URI checked(String key, String value) {
        URI uri;
        try {
            uri = new URI(value == null ? "" : value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a valid URL: " + value, e);
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an absolute http(s) URL: " + value);
        }
        if (!safeScheme(uri)) {
            throw new IllegalArgumentException(key + " must use https (plain http is accepted for a loopback"
                    + " sandbox only): " + value);
        }
        return uri;
    }

    /** Whether credentials may be sent to this URL: https anywhere, http only to the loopback interface. */
    static boolean safeScheme(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return true;
        }
        if (!scheme.equals("http") || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** Joins a base URL and a path with exactly one slash. */
    static URI join(URI base, String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }
}
