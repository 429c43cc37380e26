package io.reclaim.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/**
 * A plain orchestrator for command tests: handlers and holdings are set by the test, a cleanup
 * reports the outcomes the test prepared.
 */
final class TestOrchestrator implements ResourceOrchestrator {

    final List<HandlerInfo> handlers = new ArrayList<>();
    final Map<Pid, Map<String, ResourceUsage>> holdings = new ConcurrentHashMap<>();
    final List<HandlerOutcome> outcomes = new ArrayList<>();
    Duration cleanupDuration = Duration.ofMillis(3);

    TestOrchestrator hold(Pid pid, String type, long count, long bytes) {
        holdings.computeIfAbsent(pid, p -> new LinkedHashMap<>()).put(type, new ResourceUsage(count, bytes));
        return this;
    }

    @Override
    public CleanupResult cleanupProcess(Pid pid) {
        holdings.remove(pid);
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
    public Registration register(ResourceCleanup handler, int ranking) {
        throw new UnsupportedOperationException("not used by the commands");
    }
}
