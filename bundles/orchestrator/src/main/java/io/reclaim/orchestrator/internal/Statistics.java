package io.reclaim.orchestrator.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.OrchestratorStatistics;
import io.reclaim.api.OrchestratorStatistics.HandlerStatistics;

/** Counts what every cleanup did, per resource type; adding costs a few uncontended adds. */
final class Statistics {

    /** How {@link CleanupRun} words the outcome of a handler it abandoned. */
    static final String TIMED_OUT = "timed out";

    private final LongAdder cleanups = new LongAdder();
    private final ConcurrentHashMap<String, Counters> perType = new ConcurrentHashMap<>();

    private static final class Counters {
        final LongAdder runs = new LongAdder();
        final LongAdder freed = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder timeouts = new LongAdder();

        HandlerStatistics snapshot(long stuck) {
            return new HandlerStatistics(runs.sum(), freed.sum(), bytes.sum(), errors.sum(), timeouts.sum(), stuck);
        }
    }

    void record(CleanupResult result) {
        cleanups.increment();
        for (HandlerOutcome outcome : result.outcomes()) {
            Counters counters = perType.computeIfAbsent(outcome.resourceType(), type -> new Counters());
            counters.runs.increment();
            counters.freed.add(outcome.stats().resourcesFreed());
            counters.bytes.add(outcome.stats().bytesFreed());
            counters.errors.add(outcome.stats().errorsEncountered() + (outcome.failed() ? 1 : 0));
            if (outcome.failed() && outcome.error().startsWith(TIMED_OUT)) {
                counters.timeouts.increment();
            }
        }
    }

    /**
     * @param order the handlers in cleanup order; types that ran before but are gone now follow
     */
    OrchestratorStatistics snapshot(RankedHandler[] order) {
        Map<String, Long> stuck = new LinkedHashMap<>();
        for (RankedHandler ranked : order) {
            stuck.merge(ranked.handler().type(), (long) ranked.handler().stuckCalls(), Long::sum);
        }
        Map<String, HandlerStatistics> result = new LinkedHashMap<>();
        stuck.forEach((type, calls) -> {
            Counters counters = perType.get(type);
            result.put(type, counters == null ? new HandlerStatistics(0, 0, 0, 0, 0, calls) : counters.snapshot(calls));
        });
        perType.forEach((type, counters) -> result.putIfAbsent(type, counters.snapshot(0)));
        return new OrchestratorStatistics(cleanups.sum(), result);
    }
}
