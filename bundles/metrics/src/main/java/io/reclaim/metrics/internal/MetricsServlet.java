package io.reclaim.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Prometheus endpoint, a servlet of the Jakarta HTTP Whiteboard (2.0), such as Felix HTTP
 * Jetty 5's. Its configuration (pid {@code io.reclaim.metrics}) is passed through as service
 * properties, so the path it is served at is {@code osgi.http.whiteboard.servlet.pattern}.
 */
@Component(name = "io.reclaim.metrics", service = Servlet.class,
        property = {"osgi.http.whiteboard.servlet.name=reclaim-metrics", "osgi.http.whiteboard.servlet.pattern=/metrics"})
@Designate(ocd = MetricsConfiguration.class)
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Scrape scrape;

    @Activate
    public MetricsServlet(@Reference Scrape scrape) {
        this.scrape = scrape;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(Scrape.CONTENT_TYPE);
        try (OutputStream out = response.getOutputStream()) {
            scrape.write(out);
        }
    }
}
