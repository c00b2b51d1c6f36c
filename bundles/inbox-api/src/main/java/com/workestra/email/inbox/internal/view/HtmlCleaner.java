package com.workestra.email.inbox.internal.view;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.owasp.html.AttributePolicy;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Cleans HTML mail bodies for display with the OWASP Java HTML Sanitizer: formatting, tables, links and images
 * survive; scripts, styles sheets, event handlers, forms, frames, objects and javascript:/data: URLs do not. Remote
 * images (tracking pixels included) lose their source unless the user asked to load them; {@code cid:} images keep
 * theirs (they name an attachment of the message, listed with its content id).
 */
public final class HtmlCleaner {

    /**
     * A cleaned body.
     *
     * @param html safe HTML
     * @param remoteImagesBlocked whether remote images were removed (the UI can offer to show them)
     */
    public record Cleaned(String html, boolean remoteImagesBlocked) {
    }

    private static final String[] TABLE = {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
        "colgroup", "col"};

    private HtmlCleaner() {
    }

    /** Cleans {@code html}; remote images stay only when {@code showRemoteImages}. */
    public static Cleaned clean(String html, boolean showRemoteImages) {
        if (html == null) {
            return new Cleaned(null, false);
        }
        AtomicBoolean blocked = new AtomicBoolean();
        AttributePolicy imageSource = (element, attribute, value) -> {
            String v = value.strip();
            String lower = v.toLowerCase(Locale.ROOT);
            if (lower.startsWith("cid:")) {
                return v;
            }
            if (lower.startsWith("https:") || lower.startsWith("http:") || lower.startsWith("//")) {
                if (showRemoteImages) {
                    return lower.startsWith("//") ? "https:" + v : v;
                }
                blocked.set(true);
                return null;
            }
            return null;
        };
        PolicyFactory policy = new HtmlPolicyBuilder()
                .allowCommonInlineFormattingElements()
                .allowCommonBlockElements()
                .allowElements("a", "img", "hr", "br", "pre", "code", "blockquote", "span", "div", "font", "center",
                        "small", "big", "u", "s", "strike", "sub", "sup", "dl", "dt", "dd")
                .allowElements(TABLE)
                .allowStyling()
                .allowUrlProtocols("https", "http", "mailto", "cid")
                .allowAttributes("href").onElements("a")
                .requireRelsOnLinks("noopener", "noreferrer", "nofollow")
                .allowAttributes("src").matching(imageSource).onElements("img")
                .allowAttributes("alt", "width", "height").onElements("img")
                .allowAttributes("title", "dir", "lang", "align").globally()
                .allowAttributes("colspan", "rowspan", "valign", "width", "height", "bgcolor", "border",
                        "cellpadding", "cellspacing").onElements(TABLE)
                .allowAttributes("color", "face", "size").onElements("font")
                .toFactory();
        String out = policy.sanitize(html);
        return new Cleaned(out, blocked.get());
    }
}
