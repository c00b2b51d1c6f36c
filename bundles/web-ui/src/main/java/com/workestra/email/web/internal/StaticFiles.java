package com.workestra.email.web.internal;

import java.util.regex.Pattern;

/** Which request paths name a file of the components, and its media type. */
final class StaticFiles {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(js|css|svg)");

    private StaticFiles() {
    }

    /** The file a path info names, or null for anything else (folders, dot segments, unknown types). */
    static String name(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith("/")) {
            return null;
        }
        String name = pathInfo.substring(1);
        return NAME.matcher(name).matches() ? name : null;
    }

    /** Media type by extension. */
    static String contentType(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript;charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css;charset=utf-8";
        }
        return "image/svg+xml";
    }
}
