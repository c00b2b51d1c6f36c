package com.workestra.email.inbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which calls made on the host's session cookie may change state: only those from the host's own pages. (The whole
 * filter with a real cookie runs in the browser tests, itests WebUiIT.)
 */
class AuthFilterTest {

    private static boolean sameSite(String method, Map<String, String> headers) {
        ContainerRequestContext rc = (ContainerRequestContext) Proxy.newProxyInstance(
                ContainerRequestContext.class.getClassLoader(), new Class<?>[] {ContainerRequestContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeaderString" -> headers.get((String) a[0]);
                    default -> null;
                });
        return AuthFilter.sameSite(rc);
    }

    @Test
    void readingIsAlwaysAllowed() {
        assertTrue(sameSite("GET", Map.of("Host", "node.test:8181", "Origin", "http://evil.test")));
        assertTrue(sameSite("HEAD", Map.of()));
    }

    @Test
    void changesNeedTheCustomHeaderAndOurOrigin() {
        String host = "node.test:8181";
        // a cross-site form post cannot send the header
        assertFalse(sameSite("POST", Map.of("Host", host, "Origin", "http://node.test:8181")));
        // a script elsewhere that sent it anyway is given away by its origin
        assertFalse(sameSite("DELETE", Map.of("Host", host, "Origin", "http://evil.test", "X-Workestra-CSRF", "1")));
        assertFalse(sameSite("PUT", Map.of("Host", host, "Origin", "http://node.test:8181.evil.test",
                "X-Workestra-CSRF", "1")));
        assertFalse(sameSite("POST", Map.of("Origin", "http://node.test:8181", "X-Workestra-CSRF", "1")));
        assertTrue(sameSite("POST", Map.of("Host", host, "Origin", "http://node.test:8181", "X-Workestra-CSRF", "1")));
        assertTrue(sameSite("POST", Map.of("Host", host, "Origin", "https://NODE.test:8181", "X-Workestra-CSRF", "1")));
        // same-origin requests without an Origin header (older browsers, same-origin GET-like fetches)
        assertTrue(sameSite("POST", Map.of("Host", host, "X-Workestra-CSRF", "1")));
    }
}
