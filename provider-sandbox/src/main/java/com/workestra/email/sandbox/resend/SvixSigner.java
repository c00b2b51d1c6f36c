package com.workestra.email.sandbox.resend;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The Svix signature scheme Resend uses for webhooks. */
final class SvixSigner {

    static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SvixSigner() {
    }

    /** A fresh signing secret: "whsec_" + base64 of 24 random bytes. */
    static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Whether {@code secret} is "whsec_" followed by base64 (the only form Svix verifiers accept). */
    static boolean validSecret(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Value of the svix-signature header: "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)). */
    static String sign(String secret, String msgId, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((msgId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
