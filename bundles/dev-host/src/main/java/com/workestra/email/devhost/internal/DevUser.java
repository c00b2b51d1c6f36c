package com.workestra.email.devhost.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A user of the dev host as configured in etc/: {@code userId|email|display name|token[|workspace[|admin]]}.
 *
 * @param id user id
 * @param workspaceId workspace
 * @param email address
 * @param displayName name
 * @param token the bearer token in clear (only between configuration and hashing)
 * @param admin whether the user administers the workspace
 */
record DevUser(String id, String workspaceId, String email, String displayName, String token, boolean admin) {

    /** Ids of users that are host modules' service credentials, not people (e.g. {@code service:crm}). */
    static final String SERVICE_PREFIX = "service:";

    /** Parses the comma-separated {@code users} configuration. */
    static List<DevUser> parse(String spec, String defaultWorkspace) {
        List<DevUser> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String entry : spec.split(",")) {
            String[] f = entry.trim().split("\\|");
            if (f.length < 4 || f[0].isBlank() || f[3].isBlank()) {
                throw new IllegalArgumentException(
                        "A dev-host user entry needs userId|email|name|token[|workspace[|admin]]");
            }
            String ws = f.length > 4 && !f[4].isBlank() ? f[4].trim() : defaultWorkspace;
            boolean admin = f.length > 5 && Boolean.parseBoolean(f[5].trim());
            out.add(new DevUser(f[0].trim(), ws, f[1].trim().toLowerCase(), f[2].trim(), f[3].trim(), admin));
        }
        return out;
    }
}
