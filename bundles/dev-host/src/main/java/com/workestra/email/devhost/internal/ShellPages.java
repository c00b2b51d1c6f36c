package com.workestra.email.devhost.internal;

import com.workestra.email.api.Caller;
import java.util.List;
import java.util.Optional;

/** The HTML of the dev host shell's pages: a sidebar and the page's content embedding the web components. */
final class ShellPages {

    /** Where the web components are served (bundle com.workestra.email.web). */
    static final String COMPONENTS = "/email/ui/workestra-email.js";

    private static final String UI = "/devhost/ui";

    private ShellPages() {
    }

    /** A page of the signed-in shell. */
    static String page(Caller caller, String section, String title, String body) {
        StringBuilder nav = new StringBuilder();
        for (String[] item : List.of(new String[] {"inbox", "Inbox"}, new String[] {"crm", "CRM"},
                new String[] {"support", "Support"}, new String[] {"recruiting", "Recruiting"},
                new String[] {"settings", "Settings"})) {
            nav.append("<li><a href=\"").append(UI).append('/').append(item[0]).append('"')
                    .append(item[0].equals(section) ? " aria-current=\"page\"" : "").append('>')
                    .append(item[1]).append("</a></li>");
        }
        return head(title)
                + "<body><a class=\"skip\" href=\"#main\">Skip to content</a>"
                + "<header class=\"topbar\"><span class=\"brand\">Workestra</span>"
                + "<span class=\"who\">" + esc(caller.displayName() == null ? caller.email() : caller.displayName())
                + "</span><form method=\"post\" action=\"" + UI + "/sign-out\"><button type=\"submit\">Sign out"
                + "</button></form></header><div class=\"layout\"><nav class=\"sidebar\" aria-label=\"Main\"><ul>"
                + nav + "</ul></nav><main id=\"main\" tabindex=\"-1\">" + body + "</main></div></body></html>";
    }

    /** The sign-in page. */
    static String signIn(Optional<Caller> demo, String next, String error) {
        StringBuilder b = new StringBuilder(head("Sign in"));
        b.append("<body><main id=\"main\" class=\"signin\"><h1>Sign in to Workestra</h1>");
        if (error != null) {
            b.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>");
        }
        String hiddenNext = next == null ? "" : "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) + "\">";
        demo.ifPresent(d -> b.append("<form method=\"post\" action=\"").append(UI).append("/sign-in\">")
                .append(hiddenNext).append("<button type=\"submit\" name=\"user\" value=\"").append(esc(d.userId()))
                .append("\" class=\"primary\">Sign in as ").append(esc(d.displayName())).append("</button></form>"));
        b.append("<form method=\"post\" action=\"").append(UI).append("/sign-in\" class=\"token\">").append(hiddenNext)
                .append("<h2>Another user</h2><label for=\"token\">Access token</label>")
                .append("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\">")
                .append("<button type=\"submit\">Sign in</button></form></main></body></html>");
        return b.toString();
    }

    /** A message page (not found, refused). */
    static String message(Caller caller, String section, String title, String text) {
        return page(caller, section, title, "<h1>" + esc(title) + "</h1><p>" + esc(text) + "</p>");
    }

    private static String head(String title) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + " · Workestra</title>"
                + "<link rel=\"stylesheet\" href=\"" + UI + "/assets/shell.css\">"
                + "<script type=\"module\" src=\"" + COMPONENTS + "\"></script></head>";
    }

    /** HTML-escapes text and attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
