package com.workestra.email.store.internal.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AES-256 test cases with a 96-bit IV (13-16) of McGrew and Viega, "The Galois/Counter Mode of Operation
 * (GCM)", also used by NIST's GCM validation: the low-level encryption must reproduce ciphertext and tag exactly.
 */
class GcmTestVectorsTest {

    private static final String K_ZERO = "00000000000000000000000000000000" + "00000000000000000000000000000000";
    private static final String K_FEFF = "feffe9928665731c6d6a8f9467308308" + "feffe9928665731c6d6a8f9467308308";
    private static final String P_60 = "d9313225f88406e5a55909c5aff5269a" + "86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525" + "b16aedf5aa0de657ba637b39";

    static Stream<Arguments> vectors() {
        return Stream.of(
                // case 13: empty plaintext, no AAD
                Arguments.of("13", K_ZERO, "000000000000000000000000", "", "", "",
                        "530f8afbc74536b9a963b4f1c4cb738b"),
                // case 14: one zero block, no AAD
                Arguments.of("14", K_ZERO, "000000000000000000000000", "", "00000000000000000000000000000000",
                        "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
                // case 15: four blocks, no AAD
                Arguments.of("15", K_FEFF, "cafebabefacedbaddecaf888", "", P_60 + "1aafd255",
                        "522dc1f099567d07f47f37a32a84427d" + "643a8cdcbfe5c0c97598a2bd2555d1aa"
                                + "8cb08e48590dbb3da7b08b1056828838" + "c5f61e6393ba7a0abcc9f662898015ad",
                        "b094dac5d93471bdec1a502270e3cc6c"),
                // case 16: 60 bytes with 20 bytes of AAD
                Arguments.of("16", K_FEFF, "cafebabefacedbaddecaf888",
                        "feedfacedeadbeeffeedfacedeadbeef" + "abaddad2", P_60,
                        "522dc1f099567d07f47f37a32a84427d" + "643a8cdcbfe5c0c97598a2bd2555d1aa"
                                + "8cb08e48590dbb3da7b08b1056828838" + "c5f61e6393ba7a0abcc9f662",
                        "76fc6ece0f4e1768cddf8853bb2d551b"));
    }

    @ParameterizedTest(name = "test case {0}")
    @MethodSource("vectors")
    void encryptMatchesThePublishedCiphertextAndTag(String name, String key, String iv, String aad, String plaintext,
            String ciphertext, String tag) throws Exception {
        HexFormat hex = HexFormat.of();
        VaultKey k = new VaultKey("tc" + name, hex.parseHex(key));

        byte[] out = TokenVault.encrypt(k, hex.parseHex(iv), hex.parseHex(aad), hex.parseHex(plaintext));

        assertEquals(ciphertext + tag, hex.formatHex(out));
        assertArrayEquals(hex.parseHex(plaintext), TokenVault.decrypt(k, hex.parseHex(iv), hex.parseHex(aad), out));
    }

    @ParameterizedTest(name = "test case {0}")
    @MethodSource("vectors")
    void decryptRejectsAFlippedTagBit(String name, String key, String iv, String aad, String plaintext,
            String ciphertext, String tag) {
        HexFormat hex = HexFormat.of();
        VaultKey k = new VaultKey("tc" + name, hex.parseHex(key));
        byte[] out = hex.parseHex(ciphertext + tag);
        out[out.length - 1] ^= 0x01;

        assertThrows(AEADBadTagException.class,
                () -> TokenVault.decrypt(k, hex.parseHex(iv), hex.parseHex(aad), out));
    }
}
