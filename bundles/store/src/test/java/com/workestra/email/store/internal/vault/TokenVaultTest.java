package com.workestra.email.store.internal.vault;

import static com.workestra.email.store.internal.vault.Secrets.assertClean;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sealing, opening, tampering and rotation through the public vault API. */
class TokenVaultTest {

    private static final String TOKEN = "ya29.secret-refresh-token-\u00e9\u4e2d";
    private static final String CONN = "conn-42";

    private final TokenVault vault = new TokenVault(Secrets.ring("k1"));

    @Test
    void roundTripsBytesAndStrings() {
        byte[] plaintext = TOKEN.getBytes(StandardCharsets.UTF_8);
        Sealed sealed = vault.seal(CONN, plaintext);

        assertEquals("k1", sealed.keyId());
        assertEquals(Sealed.NONCE_BYTES, sealed.nonce().length);
        assertEquals(plaintext.length + Sealed.TAG_BYTES, sealed.ciphertext().length);
        assertArrayEquals(plaintext, vault.open(CONN, sealed));
        assertArrayEquals(plaintext, vault.open(CONN, Sealed.parse(sealed.format())));

        String text = vault.sealString(CONN, TOKEN);
        assertTrue(text.startsWith("v1.k1."), text);
        assertFalse(text.contains(TOKEN));
        assertEquals(TOKEN, vault.openString(CONN, text));
        assertEquals("", vault.openString(CONN, vault.sealString(CONN, "")));
    }

    @Test
    void everySealUsesAFreshNonce() {
        int n = 20_000;
        Set<String> nonces = new HashSet<>();
        Set<String> ciphertexts = new HashSet<>();
        HexFormat hex = HexFormat.of();
        byte[] plaintext = "same token".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            Sealed s = vault.seal(CONN, plaintext);
            nonces.add(hex.formatHex(s.nonce()));
            ciphertexts.add(hex.formatHex(s.ciphertext()));
        }
        assertEquals(n, nonces.size());
        assertEquals(n, ciphertexts.size());
    }

    @Test
    void anyFlippedBitOfNonceCiphertextOrTagFails() {
        Sealed sealed = vault.seal(CONN, TOKEN.getBytes(StandardCharsets.UTF_8));
        byte[] nonce = sealed.nonce();
        byte[] ct = sealed.ciphertext();
        for (int bit = 0; bit < nonce.length * 8; bit++) {
            byte[] n = nonce.clone();
            n[bit / 8] ^= (byte) (1 << (bit % 8));
            assertRejected(new Sealed("k1", n, ct));
        }
        // covers the ciphertext body and the 16-byte tag at its end
        for (int bit = 0; bit < ct.length * 8; bit++) {
            byte[] c = ct.clone();
            c[bit / 8] ^= (byte) (1 << (bit % 8));
            assertRejected(new Sealed("k1", nonce, c));
        }
    }

    @Test
    void truncatedOrExtendedCiphertextFails() {
        Sealed sealed = vault.seal(CONN, TOKEN.getBytes(StandardCharsets.UTF_8));
        byte[] ct = sealed.ciphertext();
        assertRejected(new Sealed("k1", sealed.nonce(), java.util.Arrays.copyOf(ct, ct.length - 1)));
        assertRejected(new Sealed("k1", sealed.nonce(), java.util.Arrays.copyOf(ct, ct.length + 1)));
    }

    @Test
    void relabelledKeyIdFails() {
        TokenVault both = new TokenVault(Secrets.ring("k1"));
        Sealed sealed = both.seal(CONN, TOKEN.getBytes(StandardCharsets.UTF_8));
        VaultException e = assertThrows(VaultException.class,
                () -> both.open(CONN, new Sealed("k2", sealed.nonce(), sealed.ciphertext())));
        assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
        assertClean(e, TOKEN);
    }

    @Test
    void otherConnectionIdFails() {
        Sealed sealed = vault.seal(CONN, TOKEN.getBytes(StandardCharsets.UTF_8));
        VaultException e = assertThrows(VaultException.class, () -> vault.open("conn-43", sealed));
        assertTrue(e.getMessage().contains("conn-43"), e.getMessage());
        assertClean(e, TOKEN);
        assertThrows(VaultException.class, () -> vault.open(CONN + " ", sealed));
        assertThrows(IllegalArgumentException.class, () -> vault.open(" ", sealed));
        assertThrows(IllegalArgumentException.class, () -> vault.seal("", new byte[1]));
    }

    @Test
    void tamperedTextFormFails() {
        String text = vault.sealString(CONN, TOKEN);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char replacement = c == 'A' ? 'B' : 'A';
            String tampered = text.substring(0, i) + replacement + text.substring(i + 1);
            VaultException e = assertThrows(VaultException.class, () -> vault.openString(CONN, tampered),
                    "position " + i);
            assertClean(e, TOKEN);
        }
    }

    @Test
    void unknownKeyIdFailsNamingTheKeyId() {
        Sealed sealed = vault.seal(CONN, TOKEN.getBytes(StandardCharsets.UTF_8));
        VaultException e = assertThrows(VaultException.class,
                () -> vault.open(CONN, new Sealed("k9", sealed.nonce(), sealed.ciphertext())));
        assertTrue(e.getMessage().contains("'k9' is not configured"), e.getMessage());
        assertClean(e, TOKEN);
    }

    @Test
    void rotationMovesValuesToTheActiveKeyAndKeepsOldOnesReadable() {
        TokenVault before = new TokenVault(KeyRing.parse("k1:" + Secrets.b64(Secrets.K1), "k1"));
        Sealed old = before.seal(CONN, TOKEN.getBytes(StandardCharsets.UTF_8));
        String oldText = before.sealString(CONN, TOKEN);

        TokenVault during = new TokenVault(Secrets.ring("k2"));
        assertEquals("k2", during.activeKeyId());
        assertTrue(during.needsRotation(old));
        assertEquals(TOKEN, during.openString(CONN, oldText));
        assertEquals("k2", during.seal(CONN, new byte[] {1}).keyId());

        Sealed rotated = during.rotate(CONN, old);
        assertEquals("k2", rotated.keyId());
        assertFalse(during.needsRotation(rotated));
        assertNotEquals(old, rotated);
        assertArrayEquals(TOKEN.getBytes(StandardCharsets.UTF_8), during.open(CONN, rotated));
        assertSame(rotated, during.rotate(CONN, rotated));
        assertThrows(VaultException.class, () -> during.rotate("conn-43", old));

        TokenVault after = new TokenVault(KeyRing.parse("k2:" + Secrets.b64(Secrets.K2), "k2"));
        assertArrayEquals(TOKEN.getBytes(StandardCharsets.UTF_8), after.open(CONN, rotated));
        VaultException e = assertThrows(VaultException.class, () -> after.open(CONN, old));
        assertClean(e, TOKEN);
    }

    @Test
    void toStringsShowNoKeyMaterialOrPlaintext() {
        Sealed sealed = vault.seal(CONN, TOKEN.getBytes(StandardCharsets.UTF_8));
        assertClean(vault.toString(), TOKEN);
        assertClean(Secrets.ring("k2").toString());
        assertClean(new VaultKey("k1", Secrets.K1).toString());
        assertClean(sealed.toString(), TOKEN);
        assertEquals("KeyRing[active=k1, keys=[k1, k2]]", Secrets.ring("k1").toString());
        assertEquals("VaultKey[id=k1]", new VaultKey("k1", Secrets.K1).toString());
    }

    private void assertRejected(Sealed tampered) {
        VaultException e = assertThrows(VaultException.class, () -> vault.open(CONN, tampered));
        assertClean(e, TOKEN);
    }
}
