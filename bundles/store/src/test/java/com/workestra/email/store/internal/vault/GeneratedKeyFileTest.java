package com.workestra.email.store.internal.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedKeyFileTest {

    @Test
    void writesOneOwnerOnlyKeyOnceInTheKeyFileFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("etc").resolve(GeneratedKeyFile.FILE_NAME);
        assertTrue(GeneratedKeyFile.ensure(file, "k1", new SecureRandom()));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        KeyRing ring = KeyRing.load(file, "k1");
        assertEquals(Set.of("k1"), ring.keyIds());
        TokenVault vault = new TokenVault(ring);
        String sealed = vault.sealString("conn-1", "refresh-token");

        byte[] before = Files.readAllBytes(file);
        assertFalse(GeneratedKeyFile.ensure(file, "k1", new SecureRandom()), "an existing file is kept");
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals("refresh-token", new TokenVault(KeyRing.load(file, "k1")).openString("conn-1", sealed));
        assertTrue(new String(before, StandardCharsets.UTF_8).contains("Back it up"));
    }
}
