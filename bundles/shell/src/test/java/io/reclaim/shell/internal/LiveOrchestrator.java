package io.reclaim.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
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
 * A small orchestrator that really runs its handlers, in descending ranking, on the calling
 * thread, and asks them what they hold: enough for the self-test to run against real resources.
 */
final class LiveOrchestrator implements ResourceOrchestrator {

    private record Registered(ResourceCleanup cleanup, int ranking) {
    }

    private final List<Registered> handlers = new CopyOnWriteArrayList<>();
    private final AtomicLong cleanups = new AtomicLong();

    @Override
    public CleanupResult cleanupProcess(Pid pid) {
        long start = System.nanoTime();
        List<HandlerOutcome> outcomes = new ArrayList<>();
        for (Registered handler : ordered()) {
            long began = System.nanoTime();
            CleanupStats stats = CleanupStats.NONE;
            String error = null;
            try {
                stats = handler.cleanup().cleanup(pid);
            } catch (RuntimeException e) {
                error = "threw " + e;
            }
            outcomes.add(new HandlerOutcome(handler.cleanup().resourceType(), handler.ranking(), -1, stats,
                    Duration.ofNanos(System.nanoTime() - began), error));
        }
        cleanups.incrementAndGet();
        return CleanupResult.of(pid, outcomes, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public List<HandlerInfo> handlers() {
        List<HandlerInfo> infos = new ArrayList<>();
        for (Registered handler : ordered()) {
            infos.add(new HandlerInfo(infos.size() + 1, handler.cleanup().resourceType(), handler.ranking(), -1, "-"));
        }
        return infos;
    }

    @Override
    public Map<String, ResourceUsage> usage(Pid pid) {
        Map<String, ResourceUsage> usage = new LinkedHashMap<>();
        for (Registered handler : ordered()) {
            ResourceUsage held = handler.cleanup().usage(pid);
            if (!held.isEmpty()) {
                usage.put(handler.cleanup().resourceType(), held);
            }
        }
        return usage;
    }

    @Override
    public List<PlannedCleanup> plan(Pid pid) {
        List<PlannedCleanup> plan = new ArrayList<>();
        for (HandlerInfo info : handlers()) {
            plan.add(new PlannedCleanup(info, usage(pid).getOrDefault(info.resourceType(), ResourceUsage.NONE),
                    Duration.ofSeconds(10)));
        }
        return plan;
    }

    @Override
    public Map<Pid, Map<String, ResourceUsage>> holdings() {
        Map<Pid, Map<String, ResourceUsage>> holdings = new TreeMap<>();
        for (Registered handler : ordered()) {
            for (Pid owner : handler.cleanup().owners()) {
                ResourceUsage held = handler.cleanup().usage(owner);
                if (!held.isEmpty()) {
                    holdings.computeIfAbsent(owner, p -> new LinkedHashMap<>()).put(handler.cleanup().resourceType(), held);
                }
            }
        }
        return holdings;
    }

    @Override
    public Map<String, ResourceTotals> totals() {
        Map<String, ResourceTotals> totals = new LinkedHashMap<>();
        ordered().forEach(handler -> totals.put(handler.cleanup().resourceType(), handler.cleanup().totals()));
        return totals;
    }

    @Override
    public OrchestratorStatistics statistics() {
        return new OrchestratorStatistics(cleanups.get(), Map.of());
    }

    @Override
    public Registration register(ResourceCleanup handler, int ranking) {
        Registered registered = new Registered(handler, ranking);
        handlers.add(registered);
        return () -> handlers.remove(registered);
    }

    private List<Registered> ordered() {
        List<Registered> ordered = new ArrayList<>(handlers);
        ordered.sort(Comparator.comparingInt(Registered::ranking).reversed());
        return ordered;
    }
}
