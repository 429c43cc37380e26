package io.reclaim.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessListener;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Prometheus endpoint, a servlet of the HTTP Whiteboard (Jakarta, Whiteboard 2.0). Its
 * configuration (pid {@code io.reclaim.metrics}) is passed through as service properties, so the
 * path it is served at is {@code osgi.http.whiteboard.servlet.pattern}.
 */
@Component(name = "io.reclaim.metrics", service = {Servlet.class, ProcessListener.class},
        property = {"osgi.http.whiteboard.servlet.name=reclaim-metrics", "osgi.http.whiteboard.servlet.pattern=/metrics"})
@Designate(ocd = MetricsConfiguration.class)
public final class MetricsServlet extends HttpServlet implements ProcessListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    private final transient PrometheusRegistry registry = new PrometheusRegistry();
    private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final transient CleanupTimes cleanupTimes = new CleanupTimes();

    @Activate
    public MetricsServlet(@Reference ResourceOrchestrator orchestrator, @Reference ProcessManager processes) {
        registry.register(new ReclaimCollector(orchestrator, processes));
        registry.register(cleanupTimes.histogram());
    }

    @Deactivate
    void deactivate() {
        registry.clear();
    }

    @Override
    public void ended(ProcessInfo process) {
        try {
            cleanupTimes.ended(process);
        } catch (Throwable t) {
            // a metric is never worth disturbing an ending
            LOG.warn("could not record the cleanup times of pid {}", process.pid(), t);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        try (OutputStream out = response.getOutputStream()) {
            scrape(out);
        }
    }

    /** Writes every metric in the Prometheus text format. */
    void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    }
}
