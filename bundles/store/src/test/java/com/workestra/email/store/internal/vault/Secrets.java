package com.workestra.email.store.internal.vault;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Base64;
import java.util.HexFormat;

/** Test keys and a check that no text shows key material or plaintext. */
final class Secrets {

    static final byte[] K1 = bytes(1);
    static final byte[] K2 = bytes(101);

    private Secrets() {
    }

    static byte[] bytes(int first) {
        byte[] b = new byte[VaultKey.KEY_BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (first + i * 7);
        }
        return b;
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static KeyRing ring(String activeKeyId) {
        return KeyRing.parse("k1:" + b64(K1) + ",k2:" + b64(K2), activeKeyId);
    }

    /** Fails if {@code text} contains any key in any usual encoding, or any of the given plaintexts. */
    static void assertClean(String text, String... plaintexts) {
        if (text == null) {
            return;
        }
        for (byte[] key : new byte[][] {K1, K2}) {
            assertFalse(text.contains(b64(key)), "base64 key in: " + text);
            assertFalse(text.contains(b64(key).substring(0, 16)), "base64 key prefix in: " + text);
            assertFalse(text.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(key).substring(0, 16)),
                    "base64url key prefix in: " + text);
            assertFalse(text.toLowerCase().contains(HexFormat.of().formatHex(key).substring(0, 16)),
                    "hex key in: " + text);
        }
        for (String p : plaintexts) {
            assertFalse(text.contains(p), "plaintext in: " + text);
        }
    }

    /** {@link #assertClean} over the message and toString of an exception and all its causes. */
    static void assertClean(Throwable t, String... plaintexts) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertClean(c.getMessage(), plaintexts);
            assertClean(c.toString(), plaintexts);
        }
    }
}
