package com.workestra.email.workspace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bnd-generated manifest: the Resend SDK and its OkHttp 5 / Kotlin 2 / Jackson stay private (they would clash with
 * the Graph connector's OkHttp 4 and the host's Jackson), nothing is exported.
 */
class BundleManifestTest {

    private static Attributes main;

    @BeforeAll
    static void read() throws IOException {
        Path file = Path.of("target", "classes", "META-INF", "MANIFEST.MF");
        assertTrue(Files.isRegularFile(file), "bnd-process must have written " + file.toAbsolutePath());
        try (InputStream in = Files.newInputStream(file)) {
            main = new Manifest(in).getMainAttributes();
        }
    }

    private static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : (header == null ? "" : header).toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString().trim());
        return out;
    }

    @Test
    void theSdkIsPrivateAndOnlyJdkSlf4jJakartaRestAndOurApisAreRequired() {
        for (String clause : clauses(main.getValue("Import-Package"))) {
            String pkg = clause.split(";", 2)[0];
            for (String priv : List.of("com.resend", "okhttp3", "okio", "kotlin", "com.fasterxml", "org.json")) {
                assertFalse(pkg.startsWith(priv), "the embedded SDK must stay private, but the bundle imports " + pkg);
            }
            if (!clause.contains("resolution:=optional")) {
                assertTrue(pkg.startsWith("javax.") || pkg.startsWith("org.w3c.") || pkg.startsWith("org.xml.")
                        || pkg.equals("org.slf4j") || pkg.startsWith("jakarta.ws.rs")
                        || pkg.startsWith("com.workestra.email."), "unexpected mandatory import: " + clause);
            }
        }
    }

    @Test
    void exportsNothingAndEmbedsTheSdkWhole() {
        assertNull(main.getValue("Export-Package"));
        assertEquals("com.workestra.email.workspace", main.getValue("Bundle-SymbolicName"));
        List<String> classPath = clauses(main.getValue("Bundle-ClassPath"));
        assertEquals(".", classPath.get(0));
        assertTrue(classPath.stream().anyMatch(e -> e.startsWith("lib/resend-java-")), classPath.toString());
        assertTrue(classPath.stream().anyMatch(e -> e.startsWith("lib/okhttp-jvm-5")), classPath.toString());
    }
}
