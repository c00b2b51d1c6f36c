package com.workestra.email.sync.internal.sync;

import java.util.regex.Pattern;

/**
 * Failure texts and stack traces made fit for logs and operators: bearer tokens, token, secret, key and password
 * values and long opaque strings (tokens, signatures) are replaced, the stack frames are kept.
 */
final class Redaction {

    private static final String HIDDEN = "[redacted]";
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
    private static final Pattern NAMED = Pattern.compile(
            "(?i)((?:access|refresh|id)?_?token|client_?secret|secret|password|api_?key|code)(\"?\\s*[:=]\\s*\"?)"
                    + "[^\"'&\\s,;}]+");
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9._~+/=-]{40,}");
    private static final int MAX_DEPTH = 5;

    private Redaction() {
    }

    /** The text with every secret-looking part replaced. */
    static String text(String s) {
        if (s == null) {
            return null;
        }
        String out = BEARER.matcher(s).replaceAll("$1" + HIDDEN);
        out = NAMED.matcher(out).replaceAll("$1$2" + HIDDEN);
        return OPAQUE.matcher(out).replaceAll(HIDDEN);
    }

    /** One line for operators: the failure's type and its redacted message. */
    static String reason(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + text(t.getMessage()));
    }

    /** A copy of the failure and its causes with redacted messages and the original stack frames, for logging. */
    static Throwable redacted(Throwable t) {
        return copy(t, 0);
    }

    private static Throwable copy(Throwable t, int depth) {
        if (t == null || depth > MAX_DEPTH) {
            return null;
        }
        Redacted r = new Redacted(t.getClass().getName() + (t.getMessage() == null ? "" : ": " + text(t.getMessage())),
                copy(t.getCause(), depth + 1));
        r.setStackTrace(t.getStackTrace());
        return r;
    }

    /** Stands for a failure whose message was redacted. */
    static final class Redacted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Redacted(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
