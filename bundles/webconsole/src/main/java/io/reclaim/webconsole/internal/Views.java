package io.reclaim.webconsole.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/** The page's tables as JSON-ready maps, read through the api interfaces at each request. */
final class Views {

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;

    Views(ProcessManager processes, ResourceOrchestrator orchestrator) {
        this.processes = processes;
        this.orchestrator = orchestrator;
    }

    List<Map<String, Object>> processes() {
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ProcessInfo info : processes.list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pid", info.pid().value());
            row.put("name", info.name());
            row.put("state", info.state().name());
            row.put("osPid", info.osPid() > 0 ? info.osPid() : null);
            row.put("command", info.spec().command());
            row.put("resources", usage(orchestrator.usage(info.pid())));
            row.put("ageMillis", Duration.between(info.started(), now).toMillis());
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> usage(Map<String, ResourceUsage> usage) {
        Map<String, Object> types = new LinkedHashMap<>();
        usage.forEach((type, use) -> {
            if (!use.isEmpty()) {
                types.put(type, Map.of("count", use.count(), "bytes", use.bytes()));
            }
        });
        return types;
    }

    List<Map<String, Object>> handlers(RankingStore rankings) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HandlerInfo handler : orchestrator.handlers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("position", handler.position());
            row.put("type", handler.resourceType());
            row.put("ranking", handler.ranking());
            row.put("serviceId", handler.serviceId());
            row.put("bundle", handler.bundle());
            // where an edit of the ranking goes; null when the handler has no configuration
            row.put("configuration", rankings.target(handler).map(RankingStore.Target::toString).orElse(null));
            rows.add(row);
        }
        return rows;
    }

    List<Map<String, Object>> history() {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ProcessInfo> history = new ArrayList<>(processes.history());
        // the latest ending first
        history.sort((a, b) -> Long.compare(b.pid().value(), a.pid().value()));
        for (ProcessInfo info : history) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pid", info.pid().value());
            row.put("name", info.name());
            row.put("osPid", info.osPid() > 0 ? info.osPid() : null);
            row.put("ending", info.ending() == null ? null : info.ending().name());
            row.put("exitCode", info.exitCode());
            row.put("started", String.valueOf(info.started()));
            row.put("ended", String.valueOf(info.ended()));
            row.put("cleanup", info.cleanup() == null ? null : result(info.cleanup()));
            rows.add(row);
        }
        return rows;
    }

    static Map<String, Object> result(CleanupResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", result.pid().value());
        json.putAll(stats(result.total()));
        json.put("micros", result.duration().toNanos() / 1000);
        json.put("errors", result.errors());
        List<Map<String, Object>> handlers = new ArrayList<>();
        for (HandlerOutcome outcome : result.outcomes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", outcome.resourceType());
            row.put("ranking", outcome.ranking());
            row.putAll(stats(outcome.stats()));
            row.put("micros", outcome.duration().toNanos() / 1000);
            row.put("error", outcome.error());
            handlers.add(row);
        }
        json.put("handlers", handlers);
        return json;
    }

    private static Map<String, Object> stats(CleanupStats stats) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("freed", stats.resourcesFreed());
        json.put("bytes", stats.bytesFreed());
        json.put("errorCount", stats.errorsEncountered());
        json.put("quarantined", stats.resourcesQuarantined());
        json.put("bytesQuarantined", stats.bytesQuarantined());
        return json;
    }

    /** One leak: resources of a type still tracked for a pid that should hold nothing. */
    record Leak(Pid pid, String type, ResourceUsage usage, String why) {
    }

    /**
     * What ended (or unknown) pids still hold, as {@code reclaim:leaks} lists it. A TERMINATING
     * pid is left alone: its cleanup owns what it holds. It costs what is held, not the history.
     */
    List<Leak> leaks() {
        List<Leak> leaks = new ArrayList<>();
        for (Map.Entry<Pid, Map<String, ResourceUsage>> held : orchestrator.holdings().entrySet()) {
            Pid pid = held.getKey();
            ProcessState state = processes.state(pid);
            if (state == ProcessState.RUNNING || state == ProcessState.TERMINATING) {
                continue;
            }
            String why = state == null ? "unknown pid" : "process is " + state;
            held.getValue().forEach((type, usage) -> {
                if (!usage.isEmpty()) {
                    leaks.add(new Leak(pid, type, usage, why));
                }
            });
        }
        leaks.sort((a, b) -> a.pid().compareTo(b.pid()));
        return leaks;
    }

    List<Map<String, Object>> leaksJson() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Leak leak : leaks()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pid", leak.pid().value());
            row.put("type", leak.type());
            row.put("count", leak.usage().count());
            row.put("bytes", leak.usage().bytes());
            row.put("why", leak.why());
            rows.add(row);
        }
        return rows;
    }
}
