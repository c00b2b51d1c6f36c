package com.workestra.email.connector.gmail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * The bnd-generated manifest (target/classes, written before the test phase and packaged unchanged): the Google
 * client is private, so the bundle imports nothing of it and exports nothing.
 */
class BundleManifestTest {

    private static final Path CLASSES = Path.of("target", "classes");

    private static Attributes main;

    @BeforeAll
    static void read() throws IOException {
        Path file = CLASSES.resolve("META-INF/MANIFEST.MF");
        assertTrue(Files.isRegularFile(file), "bnd-process must have written " + file.toAbsolutePath());
        try (InputStream in = Files.newInputStream(file)) {
            main = new Manifest(in).getMainAttributes();
        }
    }

    /** Splits an OSGi header into clauses (commas inside quotes belong to attributes). */
    private static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
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
    void importsNoGooglePackageAndRequiresOnlyJdkSlf4jAndOurApi() {
        for (String clause : clauses(main.getValue("Import-Package"))) {
            String pkg = clause.split(";", 2)[0];
            assertFalse(pkg.startsWith("com.google.") || pkg.startsWith("io.grpc") || pkg.startsWith("io.opencensus"),
                    "the embedded client must stay private, but the bundle imports " + pkg);
            if (!clause.contains("resolution:=optional")) {
                assertTrue(pkg.startsWith("javax.") || pkg.equals("org.slf4j")
                        || pkg.startsWith("com.workestra.email.api") || pkg.startsWith("com.workestra.email.spi"),
                        "mandatory import outside JDK javax.*, org.slf4j and our API: " + clause);
            }
        }
    }

    @Test
    void exportsNothingAndEmbedsTheClientWhole() {
        assertNull(main.getValue("Export-Package"), "the connector exports nothing");
        assertEquals("com.workestra.email.connector.gmail", main.getValue("Bundle-SymbolicName"));
        List<String> classPath = clauses(main.getValue("Bundle-ClassPath"));
        assertEquals(".", classPath.get(0));
        for (String jar : List.of("google-api-services-gmail-", "google-api-client-", "google-http-client-",
                "google-http-client-gson-", "gson-", "guava-")) {
            assertTrue(classPath.stream().anyMatch(e -> e.startsWith("lib/" + jar)), "embedded: " + jar);
        }
        for (String entry : classPath.subList(1, classPath.size())) {
            assertTrue(Files.isRegularFile(CLASSES.resolve(entry)), "on Bundle-ClassPath but missing: " + entry);
        }
        for (String dropped : List.of("listenablefuture", "j2objc", "error_prone", "checker-qual", "jsr305",
                "grpc-context", "httpclient", "httpcore", "commons-logging", "commons-codec", "apache-v2")) {
            assertFalse(classPath.stream().anyMatch(e -> e.contains(dropped)), "should be excluded: " + dropped);
        }
    }

    @Test
    void declaresTheComponentAndItsMetatype() throws IOException {
        assertNotNull(main.getValue("Service-Component"));
        String metatype = Files.readString(CLASSES.resolve(
                "OSGI-INF/metatype/com.workestra.email.connector.gmail.internal.GmailConnector$Config.xml"));
        assertTrue(metatype.contains("id=\".clientSecret\" type=\"Password\""), metatype);
    }

    @Test
    void theClientSecretIsNeverAServiceProperty() throws IOException {
        String component = Files.readString(CLASSES.resolve(
                "OSGI-INF/com.workestra.email.connector.gmail.internal.GmailConnector.xml"));
        assertTrue(component.contains("name=\".clientSecret\""), "private (dot) key expected: " + component);
        assertFalse(component.contains("name=\"clientSecret\""), "a public key would be published: " + component);
    }
}
