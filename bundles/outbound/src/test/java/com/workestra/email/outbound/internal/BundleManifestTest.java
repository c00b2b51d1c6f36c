package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The bnd-generated manifest (target/classes, written before the test phase): named after the artifact (two bundles
 * with one symbolic name make Karaf install only one of them), exports nothing, imports Jakarta Mail and Angus,
 * embeds the HTML sanitizer instead of importing it.
 */
class BundleManifestTest {

    @Test
    void symbolicNameImportsAndEmbeddedSanitizer() throws Exception {
        Path file = Path.of("target", "classes", "META-INF", "MANIFEST.MF");
        assertTrue(Files.isRegularFile(file), "bnd-process must have written " + file.toAbsolutePath());
        Attributes main;
        try (InputStream in = Files.newInputStream(file)) {
            main = new Manifest(in).getMainAttributes();
        }
        assertEquals("com.workestra.email.outbound", main.getValue("Bundle-SymbolicName"));
        assertNull(main.getValue("Export-Package"));
        String imports = main.getValue("Import-Package");
        assertTrue(imports.contains("jakarta.mail.internet"), imports);
        assertTrue(imports.contains("org.eclipse.angus.mail.util"), imports);
        assertFalse(imports.contains("org.owasp"), imports);
        assertTrue(imports.contains("javax.annotation;resolution:=optional"), imports);
        assertTrue(main.getValue("Private-Package").contains("org.owasp.html"));
        // the sanitizer loads Java8Shim, which picks its Java 9+ shim by name at run time: both are in the bundle
        for (String shim : new String[] {"Java8Shim.class", "ForJava9AndLater.class"}) {
            assertTrue(Files.isRegularFile(Path.of("target", "classes", "org", "owasp", "shim", shim)), shim);
        }
    }
}
