package com.workestra.email.store.internal.vault;

import static com.workestra.email.store.internal.vault.Secrets.K1;
import static com.workestra.email.store.internal.vault.Secrets.K2;
import static com.workestra.email.store.internal.vault.Secrets.assertClean;
import static com.workestra.email.store.internal.vault.Secrets.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building and validating key rings from configuration text and key files. */
class KeyRingTest {

    @TempDir
    Path dir;

    @Test
    void parsesConfigurationText() {
        KeyRing ring = KeyRing.parse(" k1:" + b64(K1) + " , k2 : " + b64(K2) + ",", " k2 ");
        assertEquals(List.of("k1", "k2"), List.copyOf(ring.keyIds()));
        assertEquals("k2", ring.activeKeyId());
        assertEquals("k2", ring.active().id());
        assertTrue(ring.find("k1").isPresent());
        assertFalse(ring.find("k3").isPresent());
        assertEquals("k1", KeyRing.parse("k1:" + b64(K1) + "\nk2:" + b64(K2), "k1").activeKeyId());
    }

    @Test
    void rejectsKeysThatAreNot32Bytes() {
        for (int length : new int[] {0, 16, 31, 33, 64}) {
            String material = b64(Arrays.copyOf(K1, length));
            VaultException e = assertThrows(VaultException.class,
                    () -> KeyRing.parse("k1:" + material, "k1"));
            assertTrue(e.getMessage().contains("key 'k1' must be 32 bytes (256 bits), got " + length),
                    e.getMessage());
            if (!material.isEmpty()) {
                assertFalse(e.getMessage().contains(material), e.getMessage());
            }
            assertClean(e);
        }
        assertThrows(VaultException.class, () -> new VaultKey("k1", new byte[16]));
    }

    @Test
    void rejectsDuplicateIds() {
        VaultException e = assertThrows(VaultException.class,
                () -> KeyRing.parse("k1:" + b64(K1) + ",k1:" + b64(K2), "k1"));
        assertEquals("duplicate key id 'k1'", e.getMessage());
        assertClean(e);
    }

    @Test
    void rejectsAMissingOrInvalidActiveId() {
        String keys = "k1:" + b64(K1) + ",k2:" + b64(K2);
        VaultException missing = assertThrows(VaultException.class, () -> KeyRing.parse(keys, "k3"));
        assertEquals("activeKeyId 'k3' is not among the configured keys [k1, k2]", missing.getMessage());
        VaultException blank = assertThrows(VaultException.class, () -> KeyRing.parse(keys, " "));
        assertTrue(blank.getMessage().startsWith("activeKeyId is not set"), blank.getMessage());
        assertThrows(VaultException.class, () -> KeyRing.parse(keys, null));
        // someone pasted a key into the active id field: it must not be echoed
        VaultException pasted = assertThrows(VaultException.class, () -> KeyRing.parse(keys, b64(K1)));
        assertClean(pasted);
        assertClean(missing);
        assertClean(blank);
    }

    @Test
    void rejectsMalformedEntriesWithoutEchoingThem() {
        List<String> bad = List.of(
                "k1" + b64(K1),
                "k1=" + b64(K1),
                "k1:" + b64(K1).substring(0, 20) + "*" + b64(K1).substring(21),
                "k1:" + b64(K1).replace('=', '?'),
                ":" + b64(K1),
                "k.1:" + b64(K1),
                b64(K2) + ":" + b64(K1));
        for (String entry : bad) {
            VaultException e = assertThrows(VaultException.class,
                    () -> KeyRing.parse("k2:" + b64(K2) + "," + entry, "k2"), entry);
            assertTrue(e.getMessage().startsWith("keys entry 2"), e.getMessage());
            assertClean(e);
        }
        assertEquals("no vault keys configured",
                assertThrows(VaultException.class, () -> KeyRing.parse(" , ", "k1")).getMessage());
        assertEquals("no vault keys configured",
                assertThrows(VaultException.class, () -> KeyRing.parse(null, "k1")).getMessage());
    }

    @Test
    void loadsAKeyFileWithComments() throws IOException {
        Path file = dir.resolve("vault.keys");
        Files.writeString(file, "# workestra token vault keys\n\nk1:" + b64(K1) + "\n  # retired soon\n  k2:"
                + b64(K2) + "  \n", StandardCharsets.UTF_8);
        KeyRing ring = KeyRing.load(file, "k2");
        assertEquals(List.of("k1", "k2"), List.copyOf(ring.keyIds()));
        assertEquals("k2", ring.activeKeyId());
    }

    @Test
    void keyFileErrorsNameTheLineNotTheKey() throws IOException {
        Path file = dir.resolve("bad.keys");
        Files.writeString(file, "# keys\nk1:" + b64(K1) + "\nk2:" + b64(Arrays.copyOf(K2, 24)) + "\n");
        VaultException e = assertThrows(VaultException.class, () -> KeyRing.load(file, "k1"));
        assertTrue(e.getMessage().startsWith("line 3 of " + file + ": key 'k2' must be 32 bytes"), e.getMessage());
        assertClean(e);

        Path empty = dir.resolve("empty.keys");
        Files.writeString(empty, "# nothing yet\n");
        assertTrue(assertThrows(VaultException.class, () -> KeyRing.load(empty, "k1")).getMessage()
                .contains("holds no keys"));

        VaultException missing = assertThrows(VaultException.class,
                () -> KeyRing.load(dir.resolve("absent.keys"), "k1"));
        assertTrue(missing.getMessage().startsWith("cannot read vault key file"), missing.getMessage());
    }

    @Test
    void configurationTakesExactlyOneSource() throws IOException {
        Path file = dir.resolve("vault.keys");
        Files.writeString(file, "k7:" + b64(K2) + "\n");
        String inline = "k1:" + b64(K1);

        assertEquals("k1", KeyRing.fromConfiguration(inline, "", "k1").activeKeyId());
        assertEquals("k7", KeyRing.fromConfiguration(null, file.toString(), "k7").activeKeyId());
        VaultException both = assertThrows(VaultException.class,
                () -> KeyRing.fromConfiguration(inline, file.toString(), "k1"));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        assertClean(both);
        VaultException neither = assertThrows(VaultException.class, () -> KeyRing.fromConfiguration(" ", null, "k1"));
        assertEquals("no vault keys configured: set keys or keyFile", neither.getMessage());
    }

    @Test
    void generatedKeysAreDistinct() {
        KeyRing ring = new KeyRing(List.of(VaultKey.generate("a", new SecureRandom()),
                VaultKey.generate("b", new SecureRandom())), "b");
        TokenVault vault = new TokenVault(ring);
        Sealed sealed = vault.seal("c", new byte[] {1, 2, 3});
        VaultException e = assertThrows(VaultException.class,
                () -> vault.open("c", new Sealed("a", sealed.nonce(), sealed.ciphertext())));
        assertTrue(e.getMessage().contains("authentication failed"));
        assertThrows(VaultException.class, () -> new KeyRing(List.of(), "a"));
        assertThrows(VaultException.class, () -> VaultKey.generate("has space", new SecureRandom()));
    }
}
