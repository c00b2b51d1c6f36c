package com.workestra.email.inbox.internal.rest;

/** Paths of the REST surface that are reached without a signed-in user. */
final class RestPaths {

    /** Base path of the contract. */
    static final String BASE = "email/v1";

    private RestPaths() {
    }

    /** Whether a path below the base is reached by providers, browsers or probes instead of a user. */
    static boolean isPublic(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.startsWith(BASE)) {
            return true;
        }
        String rest = p.substring(BASE.length());
        return rest.equals("/health") || rest.startsWith("/oauth/") || rest.startsWith("/webhooks/")
                || rest.startsWith("/t/") || rest.equals("/openapi.json");
    }
}
