package com.workestra.email.devhost.internal;

import static com.workestra.email.devhost.internal.ShellPages.esc;

import com.workestra.email.api.Caller;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The dev host shell (shared/UI.md "Pages"): {@code GET /} redirects to it, a person signs in with a button (the
 * demo user) or a token, and gets an HttpOnly SameSite session cookie; every page embeds the web components the way a
 * host module page would. Forms that change state (sign-in, sign-out) are accepted only from this site's origin.
 */
@Component(service = DevShellResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-devhost-shell")
@Path("")
public class DevShellResource {

    private static final String UI = "/devhost/ui";
    private static final Duration SESSION = Duration.ofHours(12);
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: http: https:; frame-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'self'";

    private final DevHost host;

    /** Uses the dev host's users, sessions and records. */
    @Activate
    public DevShellResource(@Reference DevHost host) {
        this.host = host;
    }

    /** The node's root leads to the shell. */
    @GET
    public Response root() {
        return Response.seeOther(URI.create(UI + "/")).build();
    }

    /** The shell's start page: the Inbox, or the sign-in page. */
    @GET
    @Path("devhost/ui")
    public Response start(@Context HttpHeaders headers) {
        return Response.seeOther(URI.create(UI + (caller(headers).isPresent() ? "/inbox" : "/sign-in"))).build();
    }

    /** Same as {@link #start}. */
    @GET
    @Path("devhost/ui/")
    public Response startSlash(@Context HttpHeaders headers) {
        return start(headers);
    }

    /** The sign-in page. */
    @GET
    @Path("devhost/ui/sign-in")
    public Response signInPage(@QueryParam("next") String next) throws SQLException {
        return html(200, ShellPages.signIn(host.tables().user("demo"), safeNext(next), null));
    }

    /** Signs in the demo user (button) or the user of a token, then goes to {@code next} or the Inbox. */
    @POST
    @Path("devhost/ui/sign-in")
    public Response signIn(@Context HttpHeaders headers, @FormParam("user") String user,
            @FormParam("token") String token, @FormParam("next") String next) throws SQLException {
        if (!sameOrigin(headers)) {
            return html(403, ShellPages.signIn(Optional.empty(), null, "Sign in from this site's own page."));
        }
        Optional<Caller> who = Optional.empty();
        if (user != null && user.equals("demo")) {
            who = host.tables().user("demo");
        } else if (token != null && !token.isBlank()) {
            who = host.authenticate(token.trim());
        }
        if (who.isEmpty()) {
            return html(401, ShellPages.signIn(host.tables().user("demo"), safeNext(next),
                    "That access token is not valid. Check it and try again."));
        }
        String session = host.tables().openSession(who.get().userId(), Instant.now().plus(SESSION));
        String target = safeNext(next);
        return Response.seeOther(URI.create(target == null ? UI + "/inbox" : target))
                .header("Set-Cookie", cookie(session, SESSION.toSeconds(), headers)).build();
    }

    /** Ends the session. */
    @POST
    @Path("devhost/ui/sign-out")
    public Response signOut(@Context HttpHeaders headers) throws SQLException {
        if (!sameOrigin(headers)) {
            return html(403, ShellPages.signIn(Optional.empty(), null, "Sign out from this site's own page."));
        }
        Cookie c = headers.getCookies().get(DevHost.SESSION_COOKIE);
        if (c != null && c.getValue() != null) {
            host.tables().closeSession(c.getValue(), Instant.now());
        }
        return Response.seeOther(URI.create(UI + "/sign-in")).header("Set-Cookie", cookie("", 0, headers)).build();
    }

    /** The shell's stylesheet. */
    @GET
    @Path("devhost/ui/assets/shell.css")
    @Produces("text/css")
    public Response css() throws IOException {
        try (InputStream in = DevShellResource.class.getResourceAsStream("/devhost-ui/shell.css")) {
            CacheControl cc = new CacheControl();
            cc.setMaxAge(300);
            return Response.ok(in.readAllBytes(), "text/css; charset=utf-8").cacheControl(cc)
                    .header("X-Content-Type-Options", "nosniff").build();
        }
    }

    /** Every page of the shell. */
    @GET
    @Path("devhost/ui/{page: .+}")
    public Response page(@Context HttpHeaders headers, @PathParam("page") String page, @QueryParam("tab") String tab)
            throws SQLException {
        Optional<Caller> who = caller(headers);
        if (who.isEmpty()) {
            return Response.seeOther(URI.create(UI + "/sign-in?next=" + java.net.URLEncoder.encode(UI + "/" + page,
                    java.nio.charset.StandardCharsets.UTF_8))).build();
        }
        Caller c = who.get();
        String[] p = page.replaceAll("/+$", "").split("/");
        String section = p[0];
        String body = switch (p.length) {
            case 1 -> switch (section) {
                case "inbox" -> "<h1>Inbox</h1><workestra-inbox></workestra-inbox>";
                case "settings" -> null;
                case "crm" -> list(c, "CRM", List.of(new String[] {"contact", "Contacts", "crm/contacts"},
                        new String[] {"deal", "Deals", "crm/deals"}));
                case "support" -> list(c, "Support", List.<String[]>of(new String[] {"ticket", "Tickets",
                    "support/tickets"}));
                case "recruiting" -> list(c, "Recruiting", List.<String[]>of(new String[] {"candidate",
                    "Candidates", "recruiting/candidates"}));
                default -> "";
            };
            case 2 -> "settings".equals(section) && "integrations".equals(p[1])
                    ? settings("integrations", "Connected Accounts", "<workestra-connections provider=\"\">"
                            + "</workestra-connections>")
                    : "settings".equals(section) && "workspace-email".equals(p[1])
                    ? settings("workspace-email", "Workspace Email", "<workestra-workspace-email>"
                            + "</workestra-workspace-email>")
                    : "";
            case 3 -> "settings".equals(section) && "integrations".equals(p[1])
                    && ("gmail".equals(p[2]) || "outlook".equals(p[2]))
                    ? settings("integrations", ("gmail".equals(p[2]) ? "Gmail" : "Outlook") + " accounts",
                            "<workestra-connections provider=\"" + p[2] + "\"></workestra-connections>")
                    : record(c, section, p[1], p[2], tab);
            default -> "";
        };
        if (body == null) {
            return Response.seeOther(URI.create(UI + "/settings/integrations")).build();
        }
        if (body.isEmpty()) {
            return html(404, ShellPages.message(c, section, "Page not found",
                    "There is no page at this address. Use the menu to find your way."));
        }
        return html(200, ShellPages.page(c, section, title(body), body));
    }

    private String list(Caller c, String title, List<String[]> kinds) throws SQLException {
        StringBuilder b = new StringBuilder("<h1>").append(title).append("</h1>");
        for (String[] k : kinds) {
            b.append("<section aria-labelledby=\"h-").append(k[0]).append("\"><h2 id=\"h-").append(k[0]).append("\">")
                    .append(k[1]).append("</h2>");
            List<DevRecord> records = host.tables().list(c.workspaceId(), k[0]);
            if (records.isEmpty()) {
                b.append("<p>None yet.</p>");
            } else {
                b.append("<ul class=\"records\">");
                for (DevRecord r : records) {
                    b.append("<li><a href=\"").append(UI).append('/').append(k[2]).append('/').append(esc(r.id()))
                            .append("\">").append(esc(label(r))).append("</a> <span class=\"muted\">")
                            .append(esc(String.join(", ", r.emails()))).append("</span></li>");
                }
                b.append("</ul>");
            }
            b.append("</section>");
        }
        return b.toString();
    }

    private String record(Caller c, String section, String kind, String id, String tab) throws SQLException {
        String type = switch (section + "/" + kind) {
            case "crm/contacts" -> "contact";
            case "crm/deals" -> "deal";
            case "support/tickets" -> "ticket";
            case "recruiting/candidates" -> "candidate";
            default -> null;
        };
        if (type == null) {
            return "";
        }
        Optional<DevRecord> found = host.tables().find(c.workspaceId(), type, id);
        if (found.isEmpty()) {
            return "";
        }
        DevRecord r = found.get();
        String address = r.emails().isEmpty() ? "" : r.emails().get(0);
        String panel = "<workestra-email-panel module=\"" + section + "\" object-type=\"" + type + "\" object-id=\""
                + esc(r.id()) + "\" address=\"" + esc(address) + "\"></workestra-email-panel>";
        StringBuilder b = new StringBuilder("<h1>").append(esc(label(r))).append("</h1>");
        String facts = "<dl class=\"facts\"><dt>" + ("ticket".equals(type) ? "Requester" : "Email") + "</dt><dd>"
                + esc(r.emails().isEmpty() ? "—" : String.join(", ", r.emails())) + "</dd><dt>Created</dt><dd>"
                + esc(r.createdAt().toString().substring(0, 10)) + "</dd></dl>";
        if ("candidate".equals(type)) {
            String current = tab == null ? "overview" : tab;
            b.append("<nav class=\"tabs\" aria-label=\"Candidate\"><ul>");
            for (String t : List.of("Overview", "Resume", "Evaluation", "Email")) {
                String key = t.toLowerCase();
                b.append("<li><a href=\"?tab=").append(key).append('"')
                        .append(key.equals(current) ? " aria-current=\"page\"" : "").append('>').append(t)
                        .append("</a></li>");
            }
            b.append("</ul></nav>");
            b.append(switch (current) {
                case "email" -> panel;
                case "resume" -> "<p>No resume uploaded yet.</p>";
                case "evaluation" -> "<p>No evaluation yet.</p>";
                default -> facts;
            });
            return b.toString();
        }
        return b.append("<div class=\"record\"><div class=\"record-main\">").append(facts)
                .append("</div><aside class=\"rail\" aria-label=\"Related\">").append(panel).append("</aside></div>")
                .toString();
    }

    private static String settings(String current, String title, String content) {
        StringBuilder b = new StringBuilder("<h1>").append(esc(title)).append("</h1>")
                .append("<nav class=\"subnav\" aria-label=\"Settings\"><ul>");
        for (String[] s : List.of(new String[] {"integrations", "Integrations"},
                new String[] {"integrations/gmail", "Gmail"}, new String[] {"integrations/outlook", "Outlook"},
                new String[] {"workspace-email", "Workspace Email"})) {
            b.append("<li><a href=\"").append(UI).append("/settings/").append(s[0]).append('"').append(
                    s[0].equals(current) && (title.equals("Connected Accounts") || title.equals("Workspace Email"))
                            ? " aria-current=\"page\"" : "").append('>').append(s[1]).append("</a></li>");
        }
        return b.append("</ul></nav>").append(content).toString();
    }

    private static String label(DevRecord r) {
        return r.name() != null && !r.name().isBlank() ? r.name() : r.subject() == null ? r.id() : r.subject();
    }

    private static String title(String body) {
        int s = body.indexOf("<h1>");
        int e = body.indexOf("</h1>");
        return s < 0 || e < s ? "Workestra" : body.substring(s + 4, e).replace("&amp;", "&").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    }

    private Optional<Caller> caller(HttpHeaders headers) {
        Cookie c = headers.getCookies().get(DevHost.SESSION_COOKIE);
        return c == null || c.getValue() == null || c.getValue().isBlank() ? Optional.empty()
                : host.authenticateSession(c.getValue());
    }

    /** A form post counts as ours when the browser's Origin (or, lacking it, Referer) names this host. */
    static boolean sameOrigin(HttpHeaders headers) {
        String host = headers.getHeaderString(HttpHeaders.HOST);
        String origin = headers.getHeaderString("Origin");
        if (origin == null || origin.equals("null")) {
            origin = headers.getHeaderString("Referer");
        }
        if (host == null || origin == null) {
            return false;
        }
        int scheme = origin.indexOf("://");
        if (scheme < 0) {
            return false;
        }
        String rest = origin.substring(scheme + 3);
        int slash = rest.indexOf('/');
        return (slash < 0 ? rest : rest.substring(0, slash)).equalsIgnoreCase(host);
    }

    /** Only paths of the shell: never an open redirect. */
    static String safeNext(String next) {
        return next != null && next.startsWith(UI + "/") && !next.contains("//") && !next.contains("\\")
                && !next.startsWith(UI + "/sign-") ? next : null;
    }

    private static String cookie(String value, long maxAge, HttpHeaders headers) {
        String proto = headers.getHeaderString("X-Forwarded-Proto");
        return DevHost.SESSION_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax"
                + ("https".equalsIgnoreCase(proto) ? "; Secure" : "");
    }

    private static Response html(int status, String html) {
        CacheControl cc = new CacheControl();
        cc.setNoStore(true);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html)
                .cacheControl(cc).header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "same-origin").build();
    }
}
