package com.workestra.email.sandbox;

import java.util.Locale;

/** The emulated providers, as named by the control API (faults, stats, accounts). */
public enum Provider {
    GMAIL("gmail"), OUTLOOK("outlook"), RESEND("resend");

    private final String id;

    Provider(String id) {
        this.id = id;
    }

    /** The control API name: gmail, outlook or resend. */
    public String id() {
        return id;
    }

    /** Parses a control API name (case-insensitive); null when unknown. */
    public static Provider of(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        for (Provider p : values()) {
            if (p.id.equals(n)) {
                return p;
            }
        }
        return switch (n) {
            case "google" -> GMAIL;
            case "microsoft", "graph" -> OUTLOOK;
            default -> null;
        };
    }

    /**
     * The provider whose emulated surface serves this request path, or null (control API, unknown). The Google
     * client puts media uploads at the host root ({@code /upload/gmail/v1/...}) whatever its root URL's path.
     */
    public static Provider forPath(String path) {
        if (path.startsWith("/google/") || path.startsWith("/upload/gmail/")) {
            return GMAIL;
        }
        if (path.startsWith("/microsoft/") || path.startsWith("/graph/")) {
            return OUTLOOK;
        }
        if (path.startsWith("/resend/")) {
            return RESEND;
        }
        return null;
    }
}
