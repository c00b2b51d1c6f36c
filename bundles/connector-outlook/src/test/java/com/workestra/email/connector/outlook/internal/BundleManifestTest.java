package com.workestra.email.connector.outlook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The bnd-generated manifest keeps the Graph SDK private: nothing exported, no SDK package imported. */
class BundleManifestTest {

    private static final Path MANIFEST = Path.of("target", "classes", "META-INF", "MANIFEST.MF");

    @Test
    void theComponentRegistersTheConnectorTheMailOperationsAndPushAsOutlook() throws Exception {
        Path component = Path.of("target", "classes", "OSGI-INF",
                "com.workestra.email.connector.outlook.internal.OutlookConnector.xml");
        String xml = Files.readString(component);
        for (String service : List.of("MailConnector", "MailboxOperations", "PushSubscriptions")) {
            assertTrue(xml.contains("<provide interface=\"com.workestra.email.spi." + service + "\"/>"),
                    service + " in " + xml);
        }
        assertTrue(xml.contains("<property name=\"provider\" type=\"String\" value=\"outlook\"/>"), xml);
    }

    @Test
    void graphSdkIsEmbeddedAndNeverImported() throws Exception {
        assertTrue(Files.isRegularFile(MANIFEST), "bnd-process must have written " + MANIFEST.toAbsolutePath());
        Attributes main;
        try (InputStream in = Files.newInputStream(MANIFEST)) {
            main = new Manifest(in).getMainAttributes();
        }
        assertEquals("com.workestra.email.connector.outlook", main.getValue("Bundle-SymbolicName"));
        assertNull(main.getValue("Export-Package"), "the connector exports nothing");

        String classPath = main.getValue("Bundle-ClassPath");
        for (String jar : List.of("lib/microsoft-graph-", "lib/microsoft-graph-core-", "lib/microsoft-kiota-abstractions-",
                "lib/microsoft-kiota-serialization-json-", "lib/okhttp-", "lib/kotlin-stdlib-")) {
            assertTrue(classPath.contains(jar), jar + " must be on the Bundle-ClassPath: " + classPath);
        }

        List<String> mandatory = new ArrayList<>();
        for (String clause : clauses(main.getValue("Import-Package"))) {
            String pkg = clause.split(";", 2)[0].trim();
            for (String banned : List.of("com.microsoft.", "okhttp3", "okio", "kotlin", "com.google.gson")) {
                assertTrue(!pkg.startsWith(banned), "imports embedded package " + pkg);
            }
            if (!clause.replace(" ", "").contains("resolution:=optional")) {
                mandatory.add(pkg);
            }
        }
        for (String pkg : mandatory) {
            assertTrue(pkg.startsWith("javax.") || pkg.equals("org.slf4j") || pkg.equals("com.workestra.email.spi")
                    || pkg.equals("com.workestra.email.api"), "unexpected mandatory import " + pkg);
        }
        assertTrue(mandatory.contains("com.workestra.email.spi"), mandatory::toString);
    }

    /** Splits a manifest header at the commas that are outside quotes. */
    private static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }
}
