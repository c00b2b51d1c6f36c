package com.workestra.email.web.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import org.osgi.service.component.annotations.Component;

/**
 * {@code GET /email/ui/*}: the web components of shared/UI.md as static files of this bundle (folder {@code web/}).
 * One script, {@code /email/ui/workestra-email.js}, defines every element. Nothing is loaded from elsewhere.
 */
@Component(service = jakarta.servlet.Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=" + ComponentsServlet.PREFIX + "/*",
    "osgi.http.whiteboard.servlet.name=workestra-email-web-components"})
public class ComponentsServlet extends HttpServlet {

    /** Where the components are served. */
    static final String PREFIX = "/email/ui";

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = StaticFiles.name(req.getPathInfo());
        URL file = name == null ? null : ComponentsServlet.class.getResource("/web/" + name);
        if (file == null) {
            resp.setStatus(404);
            resp.setContentType("application/json;charset=utf-8");
            resp.getWriter().write("{\"error\":\"not_found\",\"message\":\"There is no such file of the web components.\","
                    + "\"details\":{}}");
            return;
        }
        resp.setContentType(StaticFiles.contentType(name));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        // modules are fetched again when they changed (ETag-free revalidation keeps a no-build-step setup simple)
        resp.setHeader("Cache-Control", "no-cache");
        try (InputStream in = file.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
