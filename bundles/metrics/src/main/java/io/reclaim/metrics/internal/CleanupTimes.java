package io.reclaim.metrics.internal;

import io.prometheus.metrics.core.metrics.Histogram;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.ProcessInfo;

/**
 * {@code reclaim_cleanup_seconds}: how long each handler took in each ending, per type. Fed from
 * the {@code ended} callback with the outcomes the process manager already measured, so the
 * ending thread pays one histogram observation per handler and the acquisition path nothing.
 */
final class CleanupTimes {

    /** From 10 µs (an empty handler) to 10 s (past the default 5 s handler timeout). */
    private static final double[] BOUNDS = {0.00001, 0.0001, 0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10};

    private final Histogram seconds = Histogram.builder().name("reclaim_cleanup_seconds")
            .help("Time each cleanup handler took for one ending process, per type").labelNames("type")
            .classicOnly().classicUpperBounds(BOUNDS).withoutExemplars().build();

    Histogram histogram() {
        return seconds;
    }

    void ended(ProcessInfo process) {
        if (process.cleanup() == null) {
            return;
        }
        for (HandlerOutcome outcome : process.cleanup().outcomes()) {
            seconds.labelValues(outcome.resourceType()).observe(outcome.duration().toNanos() / 1e9);
        }
    }
}
