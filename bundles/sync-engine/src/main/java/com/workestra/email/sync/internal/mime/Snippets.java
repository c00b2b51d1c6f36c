package com.workestra.email.sync.internal.mime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A short plain preview of a body; the HTML strip is deliberately crude (a preview, not a renderer). */
final class Snippets {

    static final int LENGTH = 200;
    /** Only the start of a long HTML body is stripped for the preview. */
    private static final int HTML_SCAN = 64 * 1024;

    private static final Pattern INVISIBLE = Pattern.compile(
            "(?is)<!--.*?-->|<(script|style|head|title)\\b.*?</\\1\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern NUMERIC = Pattern.compile("&#(x?)([0-9a-fA-F]{1,6});");

    private Snippets() {
    }

    static String of(String text, String html) {
        if (text != null && !text.isBlank()) {
            return shorten(text);
        }
        if (html != null && !html.isBlank()) {
            return shorten(stripHtml(BodyText.cut(html, HTML_SCAN)));
        }
        return "";
    }

    static String stripHtml(String html) {
        String s = INVISIBLE.matcher(html).replaceAll(" ");
        s = TAG.matcher(s).replaceAll(" ");
        s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&apos;", "'");
        Matcher m = NUMERIC.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int code;
            try {
                code = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
            } catch (NumberFormatException e) {
                code = -1;
            }
            String rep = Character.isValidCodePoint(code) && code > 0 ? Character.toString(code) : " ";
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString().replace("&amp;", "&");
    }

    private static String shorten(String s) {
        String flat = BodyText.cut(s, 16 * LENGTH).replaceAll("\\s+", " ").trim();
        return BodyText.cut(flat, LENGTH);
    }
}
