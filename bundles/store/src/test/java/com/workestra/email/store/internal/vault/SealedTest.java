package com.workestra.email.store.internal.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sealed record and its text form. */
class SealedTest {

    private static final byte[] NONCE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 0xff};
    private static final byte[] CT = new byte[21];

    static {
        for (int i = 0; i < CT.length; i++) {
            CT[i] = (byte) (0xf0 + i);
        }
    }

    @Test
    void formatsAndParses() {
        Sealed s = new Sealed("k_1-a", NONCE, CT);
        String text = s.format();
        assertTrue(text.matches("v1\\.k_1-a\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{28}"), text);
        Sealed back = Sealed.parse(text);
        assertEquals(s, back);
        assertEquals(s.hashCode(), back.hashCode());
        assertArrayEquals(NONCE, back.nonce());
        assertArrayEquals(CT, back.ciphertext());
        assertEquals("Sealed[keyId=k_1-a, 5 bytes]", s.toString());
    }

    @Test
    void copiesItsArrays() {
        byte[] nonce = NONCE.clone();
        Sealed s = new Sealed("k1", nonce, CT);
        nonce[0] = 42;
        s.nonce()[1] = 42;
        s.ciphertext()[0] = 42;
        assertArrayEquals(NONCE, s.nonce());
        assertArrayEquals(CT, s.ciphertext());
        assertNotEquals(s, new Sealed("k2", NONCE, CT));
    }

    @Test
    void rejectsInvalidComponents() {
        assertThrows(VaultException.class, () -> new Sealed("k.1", NONCE, CT));
        assertThrows(VaultException.class, () -> new Sealed("", NONCE, CT));
        assertThrows(VaultException.class, () -> new Sealed(null, NONCE, CT));
        assertThrows(VaultException.class, () -> new Sealed("k1", new byte[11], CT));
        assertThrows(VaultException.class, () -> new Sealed("k1", new byte[16], CT));
        assertThrows(VaultException.class, () -> new Sealed("k1", NONCE, new byte[15]));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "v1",
        "v1.k1.AAECAwQFBgcICQr_",
        "v1.k1.AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3-_wABAgME.x",
        "v2.k1.AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3-_wABAgME",
        "V1.k1.AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3-_wABAgME",
        "v1..AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3-_wABAgME",
        "v1.k 1.AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3-_wABAgME",
        "v1.k1.AAECAwQFBgcICQr/.8PHy8_T19vf4-fr7_P3-_wABAgME",
        "v1.k1.AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3-_wABAgME=",
        "v1.k1.AAECAwQFBgcICQ.8PHy8_T19vf4-fr7_P3-_wABAgME",
        "v1.k1.AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3",
        "v1.k1.AAECAwQFBgcICQr_.",
        " v1.k1.AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3-_wABAgME",
        "v1.k1.AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3-_wABAgME\n",
    })
    void rejectsMalformedText(String text) {
        VaultException e = assertThrows(VaultException.class, () -> Sealed.parse(text));
        assertFalse(e.getMessage().isBlank());
        if (text.length() > 8) {
            assertFalse(e.getMessage().contains(text.substring(7)), e.getMessage());
        }
    }

    @Test
    void rejectsNonCanonicalBase64() {
        String valid = new Sealed("k1", NONCE, java.util.Arrays.copyOf(CT, 17)).format();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = valid.charAt(valid.length() - 1);
        // 17 bytes leave two unused low bits in the last character; setting one keeps the decoded bytes
        String nonCanonical = valid.substring(0, valid.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
        assertNotEquals(valid, nonCanonical);
        assertEquals(new Sealed("k1", NONCE, java.util.Arrays.copyOf(CT, 17)), Sealed.parse(valid));
        VaultException e = assertThrows(VaultException.class, () -> Sealed.parse(nonCanonical));
        assertTrue(e.getMessage().contains("canonical"), e.getMessage());
    }

    @Test
    void theValidBaselineOfTheMalformedCasesParses() {
        String valid = new Sealed("k1", NONCE, CT).format();
        assertEquals("v1.k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(NONCE) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(CT), valid);
        assertEquals("v1.k1.AAECAwQFBgcICQr_.8PHy8_T19vf4-fr7_P3-_wABAgME", valid);
        assertThrows(VaultException.class, () -> Sealed.parse(null));
    }
}
