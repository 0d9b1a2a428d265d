package io.wasmgi.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;

import org.osgi.framework.Bundle;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The dashboard's files, from this bundle's {@code dashboard/} folder: a fixed list, nothing fetched from
 * anywhere else. The page's policy allows scripts and styles from this origin only, and no framing.
 */
final class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html; charset=utf-8",
            "/app.js", "text/javascript; charset=utf-8",
            "/app.css", "text/css; charset=utf-8");

    private final transient Bundle bundle;

    DashboardServlet(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getRequestURI() + "/"); // the page's relative links need the slash
            return;
        }
        if (path.equals("/")) {
            path = "/index.html";
        }
        String type = FILES.get(path);
        URL entry = type == null ? null : bundle.getEntry("dashboard" + path);
        if (entry == null) {
            response.sendError(404);
            return;
        }
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
                        + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        try (InputStream in = entry.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
