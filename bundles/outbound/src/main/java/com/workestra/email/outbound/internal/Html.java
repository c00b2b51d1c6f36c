package com.workestra.email.outbound.internal;

import java.util.List;
import java.util.Set;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlSanitizer;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/** HTML through the OWASP java-html-sanitizer: signatures cleaned for storage, and the text form of an HTML body. */
final class Html {

    /** What a signature or a forwarded message may hold: formatting, links, blocks, tables, inline styles, images. */
    private static final PolicyFactory SIGNATURE = Sanitizers.FORMATTING.and(Sanitizers.LINKS)
            .and(Sanitizers.BLOCKS).and(Sanitizers.TABLES).and(Sanitizers.STYLES).and(Sanitizers.IMAGES)
            .and(new HtmlPolicyBuilder().allowElements("hr", "span", "div").toFactory());

    private static final Set<String> BREAKS = Set.of("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5",
            "h6", "blockquote", "pre", "table", "ul", "ol", "hr");
    private static final Set<String> HIDDEN = Set.of("script", "style", "head", "title", "template", "noscript");

    private Html() {
    }

    /** Removes scripts, event handlers, javascript: URLs and anything else the signature policy does not allow. */
    static String sanitizeSignature(String html) {
        return html == null ? "" : SIGNATURE.sanitize(html);
    }

    /** The forwarded message's HTML under the same policy as signatures (no scripts, handlers, forms or frames). */
    static String sanitizeQuoted(String html) {
        return html == null ? "" : SIGNATURE.sanitize(html);
    }

    /** The readable text of an HTML fragment (line breaks at block boundaries, nothing of scripts or styles). */
    static String toText(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int[] hidden = {0};
        HtmlSanitizer.sanitize(html, new HtmlSanitizer.Policy() {
            @Override
            public void openDocument() {
            }

            @Override
            public void closeDocument() {
            }

            @Override
            public void openTag(String name, List<String> attrs) {
                if (HIDDEN.contains(name)) {
                    hidden[0]++;
                } else if (BREAKS.contains(name)) {
                    newline(out);
                }
            }

            @Override
            public void closeTag(String name) {
                if (HIDDEN.contains(name)) {
                    hidden[0] = Math.max(0, hidden[0] - 1);
                } else if (BREAKS.contains(name) && !"br".equals(name)) {
                    newline(out);
                }
            }

            @Override
            public void text(String text) {
                if (hidden[0] == 0) {
                    out.append(text.replaceAll("[ \\t\\r\\n]+", " "));
                }
            }
        });
        return out.toString().replaceAll(" *\n *", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
