package io.reclaim.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * The same endpoint for a javax.servlet HTTP Whiteboard (1.1), such as Karaf 4.4's Pax Web. Active
 * only with its configuration (pid {@code io.reclaim.metrics.legacy}, which the Karaf feature
 * sets), whose properties, the path included, become its service properties.
 */
@Component(name = "io.reclaim.metrics.legacy", service = Servlet.class,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {"osgi.http.whiteboard.servlet.name=reclaim-metrics", "osgi.http.whiteboard.servlet.pattern=/metrics"})
public final class LegacyMetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Scrape scrape;

    @Activate
    public LegacyMetricsServlet(@Reference Scrape scrape) {
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
