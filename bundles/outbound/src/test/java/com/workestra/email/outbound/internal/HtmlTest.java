package com.workestra.email.outbound.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Signature sanitizing and the text form of HTML bodies. */
class HtmlTest {

    @Test
    void signatureLosesScriptsHandlersAndJavascriptUrls() {
        String clean = Html.sanitizeSignature("<p onclick=\"steal()\">Ana <b>M.</b></p><script>alert(1)</script>"
                + "<a href=\"javascript:alert(2)\">x</a><a href=\"https://example.test\">site</a>"
                + "<img src=\"https://example.test/logo.png\" onerror=\"x()\">");
        assertFalse(clean.contains("script"));
        assertFalse(clean.contains("onclick"));
        assertFalse(clean.contains("onerror"));
        assertFalse(clean.contains("javascript:"));
        assertTrue(clean.contains("<b>M.</b>"));
        assertTrue(clean.contains("href=\"https://example.test\""));
        assertTrue(clean.contains("src=\"https://example.test/logo.png\""));
    }

    @Test
    void textKeepsBlocksAsLinesAndDropsScripts() {
        assertEquals("Hello Bob\nSecond & last\nBye", Html.toText("<p>Hello <b>Bob</b></p><div>Second &amp; last"
                + "</div><script>var x = 1;</script><style>p{}</style>Bye"));
    }
}
