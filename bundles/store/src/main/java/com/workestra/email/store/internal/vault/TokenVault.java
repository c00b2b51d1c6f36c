package com.workestra.email.store.internal.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals provider tokens with AES-256-GCM, a random nonce, the connection id as AAD and the key id stored alongside.
 */
public final class TokenVault {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = Sealed.TAG_BYTES * 8;

    private final KeyRing keys;
    private final SecureRandom random;

    public TokenVault(KeyRing keys) {
        this(keys, new SecureRandom());
    }

    public TokenVault(KeyRing keys, SecureRandom random) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Encrypts {@code plaintext} for {@code connectionId} with the active key. */
    public Sealed seal(String connectionId, byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        VaultKey key = keys.active();
        byte[] nonce = new byte[Sealed.NONCE_BYTES];
        random.nextBytes(nonce);
        return new Sealed(key.id(), nonce, encrypt(key, nonce, aad(connectionId), plaintext));
    }

    /**
     * Decrypts a value sealed for {@code connectionId}.
     *
     * @throws VaultException if the key id is not configured, the value was sealed for another connection, or any
     *     part of it was altered
     */
    public byte[] open(String connectionId, Sealed sealed) {
        Objects.requireNonNull(sealed, "sealed");
        byte[] aad = aad(connectionId);
        VaultKey key = keys.find(sealed.keyId()).orElseThrow(() -> new VaultException(
                "cannot open value for connection " + connectionId + ": key '" + sealed.keyId()
                        + "' is not configured (configured: " + keys.keyIds() + ")"));
        try {
            return decrypt(key, sealed.nonce(), aad, sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new VaultException("cannot open value for connection " + connectionId + " with key '" + key.id()
                    + "': authentication failed (sealed for another connection, or altered)", e);
        }
    }

    /** {@link #seal} of the UTF-8 bytes of {@code plaintext}, in text form. */
    public String sealString(String connectionId, String plaintext) {
        byte[] bytes = Objects.requireNonNull(plaintext, "plaintext").getBytes(StandardCharsets.UTF_8);
        try {
            return seal(connectionId, bytes).format();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** {@link #open} of a text form produced by {@link #sealString}. */
    public String openString(String connectionId, String sealedText) {
        byte[] bytes = open(connectionId, Sealed.parse(sealedText));
        try {
            return new String(bytes, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Whether the value was sealed with a key other than the active one. */
    public boolean needsRotation(Sealed sealed) {
        return !sealed.keyId().equals(keys.activeKeyId());
    }

    /**
     * Re-seals a value with the active key (fresh nonce); a value already under the active key is returned as is.
     *
     * <p>Rotation without downtime: configure the new key on every node first, then make it active, re-seal the stored
     * values (see {@link VaultRotation}), and only then remove the old key.
     */
    public Sealed rotate(String connectionId, Sealed sealed) {
        if (!needsRotation(sealed)) {
            return sealed;
        }
        byte[] plaintext = open(connectionId, sealed);
        try {
            return seal(connectionId, plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    public String activeKeyId() {
        return keys.activeKeyId();
    }

    /** AES-256-GCM encryption with an explicit nonce and associated data; returns ciphertext with the tag appended. */
    static byte[] encrypt(VaultKey key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new VaultException("AES-GCM encryption failed with key '" + key.id() + "'", e);
        }
    }

    /** AES-256-GCM decryption with an explicit nonce and associated data; the tag must be appended. */
    static byte[] decrypt(VaultKey key, byte[] nonce, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new VaultException("AES-GCM decryption failed with key '" + key.id() + "'", e);
        }
    }

    private static Cipher cipher(int mode, VaultKey key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        // Cipher instances are not thread-safe and GCM forbids re-using one for encryption with the same nonce
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }

    private static byte[] aad(String connectionId) {
        if (connectionId == null || connectionId.isBlank()) {
            throw new IllegalArgumentException("connection id must not be blank");
        }
        return connectionId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TokenVault[" + keys + "]";
    }
}
