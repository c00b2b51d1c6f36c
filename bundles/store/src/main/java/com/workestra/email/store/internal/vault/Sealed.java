package com.workestra.email.store.internal.vault;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An AES-256-GCM sealed value: the id of the key it was sealed with, the 96-bit nonce and the ciphertext with its
 * 128-bit tag appended; text form {@code v1.<keyId>.<base64url nonce>.<base64url ciphertext>} (no padding).
 */
public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {

    /** Version prefix of the text form. */
    public static final String VERSION = "v1";
    /** GCM nonce length in bytes. */
    public static final int NONCE_BYTES = 12;
    /** GCM tag length in bytes, appended to the ciphertext. */
    public static final int TAG_BYTES = 16;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /**
     * Copies both arrays.
     *
     * @throws VaultException if the key id is invalid, the nonce is not 12 bytes or the ciphertext is shorter than
     *     a tag
     */
    public Sealed {
        if (!VaultKey.isValidId(keyId)) {
            throw new VaultException("sealed value has an invalid key id");
        }
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (nonce.length != NONCE_BYTES) {
            throw new VaultException("sealed value nonce must be " + NONCE_BYTES + " bytes, got " + nonce.length);
        }
        if (ciphertext.length < TAG_BYTES) {
            throw new VaultException("sealed value ciphertext is shorter than the " + TAG_BYTES + "-byte tag");
        }
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    /**
     * Parses the text form.
     *
     * @throws VaultException naming what is malformed (never quoting the input)
     */
    public static Sealed parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new VaultException("sealed text is empty");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new VaultException("sealed text must have 4 dot-separated parts (v1.keyId.nonce.ciphertext), got "
                    + parts.length);
        }
        if (!VERSION.equals(parts[0])) {
            throw new VaultException("sealed text has an unsupported version; expected " + VERSION);
        }
        return new Sealed(parts[1], decode(parts[2], "nonce"), decode(parts[3], "ciphertext"));
    }

    private static byte[] decode(String part, String what) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new VaultException("sealed text " + what + " is not valid base64url");
        }
        // only the canonical encoding is accepted, so that one value has exactly one text form
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw new VaultException("sealed text " + what + " is not canonical unpadded base64url");
        }
        return bytes;
    }

    /** The text form, {@code v1.<keyId>.<nonce>.<ciphertext>}. */
    public String format() {
        return VERSION + '.' + keyId + '.' + ENCODER.encodeToString(nonce) + '.' + ENCODER.encodeToString(ciphertext);
    }

    /** A copy of the nonce. */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** A copy of the ciphertext with the tag appended. */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sealed other && keyId.equals(other.keyId) && Arrays.equals(nonce, other.nonce)
                && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * keyId.hashCode() + Arrays.hashCode(nonce)) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "Sealed[keyId=" + keyId + ", " + (ciphertext.length - TAG_BYTES) + " bytes]";
    }
}
