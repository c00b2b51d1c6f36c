package com.workestra.email.store.internal.vault;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** A named 256-bit AES key; its material never leaves this class except as a JCA key. */
public final class VaultKey {

    /** Exact key length in bytes (AES-256). */
    public static final int KEY_BYTES = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String id;
    private final SecretKey key;

    /**
     * Copies {@code material}; the caller may wipe its array afterwards.
     *
     * @throws VaultException if the id is not 1-32 of {@code A-Z a-z 0-9 _ -} or the key is not 32 bytes
     */
    public VaultKey(String id, byte[] material) {
        if (!isValidId(id)) {
            throw new VaultException("key id must be 1-32 characters of A-Z a-z 0-9 _ -");
        }
        Objects.requireNonNull(material, "material");
        if (material.length != KEY_BYTES) {
            throw new VaultException("key '" + id + "' must be " + KEY_BYTES + " bytes (256 bits), got "
                    + material.length + " bytes");
        }
        this.id = id;
        this.key = new SecretKeySpec(material, "AES");
    }

    /** A fresh random key, for tooling and tests. */
    public static VaultKey generate(String id, SecureRandom random) {
        byte[] material = new byte[KEY_BYTES];
        random.nextBytes(material);
        try {
            return new VaultKey(id, material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** Whether {@code id} may be used as a key id (it also appears in the sealed text form). */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    @Override
    public String toString() {
        return "VaultKey[id=" + id + "]";
    }
}
