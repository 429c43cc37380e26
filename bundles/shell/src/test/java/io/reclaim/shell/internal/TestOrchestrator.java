package io.reclaim.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.OrchestratorStatistics;
import io.reclaim.api.Pid;
import io.reclaim.api.PlannedCleanup;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;

/**
 * A plain orchestrator for command tests: handlers, holdings and counts are set by the test, a
 * cleanup reports the outcomes the test prepared and forgets what the pid held.
 */
final class TestOrchestrator implements ResourceOrchestrator {

    final List<HandlerInfo> handlers = new ArrayList<>();
    final Map<Pid, Map<String, ResourceUsage>> holdings = new ConcurrentHashMap<>();
    final List<HandlerOutcome> outcomes = new ArrayList<>();
    final Map<String, ResourceTotals> totals = new LinkedHashMap<>();
    final List<Pid> cleanedUp = new ArrayList<>();
    OrchestratorStatistics statistics = new OrchestratorStatistics(0, Map.of());
    Duration cleanupDuration = Duration.ofMillis(3);
    Duration timeout = Duration.ofSeconds(10);

    TestOrchestrator hold(Pid pid, String type, long count, long bytes) {
        holdings.computeIfAbsent(pid, p -> new LinkedHashMap<>()).put(type, new ResourceUsage(count, bytes));
        return this;
    }

    TestOrchestrator handler(String type, int ranking) {
        handlers.add(new HandlerInfo(handlers.size() + 1, type, ranking, 10 + handlers.size(), "io.reclaim." + type));
        return this;
    }

    @Override
    public synchronized CleanupResult cleanupProcess(Pid pid) {
        cleanedUp.add(pid);
        Map<String, ResourceUsage> held = holdings.remove(pid);
        if (outcomes.isEmpty() && held != null) {
            // nothing prepared: report what the pid held as freed, handler by handler
            List<HandlerOutcome> freed = new ArrayList<>();
            held.forEach((type, usage) -> freed.add(new HandlerOutcome(type, 0, -1,
                    io.reclaim.api.CleanupStats.freed(usage.count(), usage.bytes()), Duration.ZERO, null)));
            return CleanupResult.of(pid, freed, cleanupDuration);
        }
        return CleanupResult.of(pid, outcomes, cleanupDuration);
    }

    @Override
    public List<HandlerInfo> handlers() {
        return List.copyOf(handlers);
    }

    @Override
    public Map<String, ResourceUsage> usage(Pid pid) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(holdings.getOrDefault(pid, Map.of())));
    }

    @Override
    public List<PlannedCleanup> plan(Pid pid) {
        Map<String, ResourceUsage> held = holdings.getOrDefault(pid, Map.of());
        return handlers.stream()
                .map(handler -> new PlannedCleanup(handler, held.getOrDefault(handler.resourceType(), ResourceUsage.NONE),
                        timeout))
                .toList();
    }

    @Override
    public Map<Pid, Map<String, ResourceUsage>> holdings() {
        return Collections.unmodifiableMap(new TreeMap<>(holdings));
    }

    @Override
    public Map<String, ResourceTotals> totals() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(totals));
    }

    @Override
    public OrchestratorStatistics statistics() {
        return statistics;
    }

    @Override
    public Registration register(ResourceCleanup handler, int ranking) {
        throw new UnsupportedOperationException("not used by the commands");
    }
}
