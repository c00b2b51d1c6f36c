package com.workestra.email.outbound.internal;

/** Small text checks and encodings used when composing. */
final class Text {

    private Text() {
    }

    /** Whether the value contains CR, LF or another control character (tab excepted): header injection. */
    static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                return true;
            }
        }
        return false;
    }

    /** Escapes text for an HTML text node or attribute. */
    static String escapeHtml(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Whether the subject already starts with the prefix (case-insensitive), like "Re:" or "Fwd:". */
    static boolean hasPrefix(String subject, String prefix) {
        return subject != null && subject.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
