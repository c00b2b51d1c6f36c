package com.workestra.email.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StaticFilesTest {

    @Test
    void onlyFlatFileNamesOfKnownTypesAreServed() {
        assertEquals("workestra-email.js", StaticFiles.name("/workestra-email.js"));
        assertEquals("inbox.js", StaticFiles.name("/inbox.js"));
        assertNull(StaticFiles.name(null));
        assertNull(StaticFiles.name("/"));
        assertNull(StaticFiles.name("/../META-INF/MANIFEST.MF"));
        assertNull(StaticFiles.name("/x/inbox.js"));
        assertNull(StaticFiles.name("/Inbox.class"));
        assertEquals("text/javascript;charset=utf-8", StaticFiles.contentType("a.js"));
        assertEquals("text/css;charset=utf-8", StaticFiles.contentType("a.css"));
    }

    @Test
    void everyModuleTheLoaderImportsIsInTheBundle() throws Exception {
        String loader = new String(StaticFilesTest.class.getResourceAsStream("/web/workestra-email.js")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("import '\\./([^']+)'").matcher(loader);
        int n = 0;
        while (m.find()) {
            n++;
            assertNotNull(StaticFiles.name("/" + m.group(1)), m.group(1));
            assertNotNull(StaticFilesTest.class.getResource("/web/" + m.group(1)), m.group(1));
        }
        assertEquals(5, n, "one module per element");
    }
}
