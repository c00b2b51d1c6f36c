package com.workestra.email.sync.internal.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The OAuth state of a flow is the SHA-256 of the secret its browser keeps; this checks one against the other. */
final class BrowserKeys {

    private BrowserKeys() {
    }

    /** The state value (base64url of the SHA-256) of a browser key. */
    static String stateOf(String browserKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(browserKey));
    }

    /** Whether the browser key belongs to the state; constant time. */
    static boolean matches(String browserKey, String state) {
        if (browserKey == null || state == null || browserKey.length() > 256) {
            return false;
        }
        return MessageDigest.isEqual(stateOf(browserKey).getBytes(StandardCharsets.US_ASCII),
                state.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
