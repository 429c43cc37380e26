package io.reclaim.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessListener;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

/**
 * Everything the endpoint serves, apart from the servlet API it is served through, and the
 * {@code ended} listener that feeds the cleanup-time histogram. One component for the Jakarta and
 * the javax servlet, so that a servlet class is only loaded where its API is.
 */
@Component(service = {Scrape.class, ProcessListener.class})
public final class Scrape implements ProcessListener {

    private static final Logger LOG = LoggerFactory.getLogger(Scrape.class);

    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final CleanupTimes cleanupTimes = new CleanupTimes();

    @Activate
    public Scrape(@Reference ResourceOrchestrator orchestrator, @Reference ProcessManager processes) {
        registry.register(new ReclaimCollector(orchestrator, processes));
        registry.register(cleanupTimes.histogram());
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

    /** Writes every metric in the Prometheus text format. */
    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    }

    @Deactivate
    void close() {
        registry.clear();
    }
}
