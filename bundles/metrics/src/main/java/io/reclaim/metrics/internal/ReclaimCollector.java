package io.reclaim.metrics.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.reclaim.api.Ending;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.OrchestratorStatistics;
import io.reclaim.api.OrchestratorStatistics.HandlerStatistics;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ProcessStatistics;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;

/**
 * Reads Reclaim's own statistics at each scrape and hands them to the Prometheus client as
 * snapshots. Nothing is counted twice and nothing runs on the acquisition path: the counters are
 * the ones the ledgers and the orchestrator already keep ({@link ResourceTotals},
 * {@link OrchestratorStatistics}, {@link ProcessStatistics}); a scrape costs the live processes
 * and what they hold, like {@code reclaim:ps} and {@code reclaim:leaks}.
 */
final class ReclaimCollector implements MultiCollector {

    private static final Labels NONE = Labels.EMPTY;

    private final ResourceOrchestrator orchestrator;
    private final ProcessManager processes;

    ReclaimCollector(ResourceOrchestrator orchestrator, ProcessManager processes) {
        this.orchestrator = orchestrator;
        this.processes = processes;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, ResourceTotals> totals = orchestrator.totals();
        Map<String, HandlerStatistics> perType = orchestrator.statistics().perType();
        TreeSet<String> types = new TreeSet<>(totals.keySet());
        for (HandlerInfo handler : orchestrator.handlers()) {
            types.add(handler.resourceType());
        }
        Map<String, long[]> held = held(types);

        MetricSnapshots.Builder all = MetricSnapshots.builder();
        all.metricSnapshot(counter("reclaim_resources_acquired", "Resources acquired since start, per type", types,
                type -> known(totals.get(type)) ? totals.get(type).acquired() : null));
        all.metricSnapshot(counter("reclaim_resources_released", "Resources released since start, per type", types,
                type -> known(totals.get(type)) ? totals.get(type).released() : null));
        all.metricSnapshot(gauge("reclaim_resources_held", "Resources tracked now, per type", types,
                type -> held.get(type)[0]));
        all.metricSnapshot(gauge("reclaim_resources_bytes_held", "Bytes of the resources tracked now, per type", types,
                type -> held.get(type)[1]));
        all.metricSnapshot(counter("reclaim_cleanup_errors", "Cleanup handler runs that failed, per type", types,
                type -> perType.containsKey(type) ? perType.get(type).errors() : 0L));
        all.metricSnapshot(counter("reclaim_cleanup_timeouts", "Cleanup handler runs abandoned after the timeout, per type",
                types, type -> perType.containsKey(type) ? perType.get(type).timeouts() : 0L));
        all.metricSnapshot(counter("reclaim_cleanup_runs", "Cleanup handler runs, per type", types,
                type -> perType.containsKey(type) ? perType.get(type).runs() : 0L));
        all.metricSnapshot(processesByState());
        all.metricSnapshot(processesEnded());
        all.metricSnapshot(CounterSnapshot.builder().name("reclaim_processes_spawned").help("Processes spawned since start")
                .dataPoint(CounterDataPointSnapshot.builder().labels(NONE).value(processes.statistics().spawned()).build())
                .build());
        all.metricSnapshot(GaugeSnapshot.builder().name("reclaim_leaked_resources")
                .help("Resources still tracked for processes that ended or that the process manager does not know")
                .dataPoint(GaugeDataPointSnapshot.builder().labels(NONE).value(leaked()).build()).build());
        return all.build();
    }

    private static boolean known(ResourceTotals totals) {
        return totals != null && totals.isKnown();
    }

    /** @return per type: resources and bytes tracked now, over every pid that holds something */
    private Map<String, long[]> held(TreeSet<String> types) {
        Map<String, long[]> held = new LinkedHashMap<>();
        types.forEach(type -> held.put(type, new long[2]));
        for (Map<String, ResourceUsage> usage : orchestrator.holdings().values()) {
            usage.forEach((type, use) -> {
                long[] sum = held.computeIfAbsent(type, t -> new long[2]);
                sum[0] += use.count();
                sum[1] += use.bytes();
            });
        }
        types.addAll(held.keySet());
        return held;
    }

    /** As {@code reclaim:leaks}: what ended (or unknown) pids still hold; a TERMINATING pid's cleanup owns its own. */
    private long leaked() {
        long leaked = 0;
        for (Map.Entry<Pid, Map<String, ResourceUsage>> held : orchestrator.holdings().entrySet()) {
            ProcessState state = processes.state(held.getKey());
            if (state == ProcessState.RUNNING || state == ProcessState.TERMINATING) {
                continue;
            }
            for (ResourceUsage usage : held.getValue().values()) {
                leaked += usage.count();
            }
        }
        return leaked;
    }

    private MetricSnapshot processesByState() {
        Map<ProcessState, Long> counts = new EnumMap<>(ProcessState.class);
        counts.put(ProcessState.RUNNING, 0L);
        counts.put(ProcessState.TERMINATING, 0L);
        for (ProcessInfo info : processes.list()) {
            counts.merge(info.state(), 1L, Long::sum);
        }
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name("reclaim_processes")
                .help("Live processes by state");
        counts.forEach((state, count) -> gauge.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("state", state.name().toLowerCase())).value(count).build()));
        return gauge.build();
    }

    private MetricSnapshot processesEnded() {
        ProcessStatistics statistics = processes.statistics();
        Map<Ending, Long> ended = new EnumMap<>(Ending.class);
        ended.put(Ending.TERMINATED, statistics.terminated());
        ended.put(Ending.FORCED, statistics.forced());
        ended.put(Ending.EXITED, statistics.exited());
        ended.put(Ending.SHUTDOWN, statistics.shutdown());
        ended.put(Ending.ORPHAN, statistics.orphans());
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name("reclaim_processes_ended")
                .help("Processes ended since start, by how they ended");
        ended.forEach((ending, count) -> counter.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("ending", ending.name().toLowerCase())).value(count).build()));
        return counter.build();
    }

    private interface PerType {
        /** @return the value for the type, or null when the type has none to show */
        Long value(String type);
    }

    private static MetricSnapshot counter(String name, String help, Iterable<String> types, PerType values) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (String type : types) {
            Long value = values.value(type);
            if (value != null) {
                counter.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("type", type)).value(value).build());
            }
        }
        return counter.build();
    }

    private static MetricSnapshot gauge(String name, String help, Iterable<String> types, PerType values) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (String type : types) {
            Long value = values.value(type);
            if (value != null) {
                gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("type", type)).value(value).build());
            }
        }
        return gauge.build();
    }

    /** @return the metric names this collector writes, for the tests and the README */
    static List<String> names() {
        return List.of("reclaim_resources_acquired_total", "reclaim_resources_released_total", "reclaim_resources_held",
                "reclaim_resources_bytes_held", "reclaim_cleanup_seconds", "reclaim_cleanup_errors_total",
                "reclaim_cleanup_timeouts_total", "reclaim_cleanup_runs_total", "reclaim_processes",
                "reclaim_processes_spawned_total", "reclaim_processes_ended_total", "reclaim_leaked_resources");
    }
}
