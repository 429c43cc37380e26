package io.reclaim.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A small orchestrator for these tests: runs the registered handlers in descending ranking, equal
 * rankings later registration first, and records a handler that throws as a failed outcome.
 */
public class TestOrchestrator implements ResourceOrchestrator {

    private record Entry(ResourceCleanup handler, int ranking, long id) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::ranking)
            .thenComparingLong(Entry::id).reversed();

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<Pid> cleanups = new CopyOnWriteArrayList<>();

    @Override
    public CleanupResult cleanupProcess(Pid pid) {
        cleanups.add(pid);
        long start = System.nanoTime();
        List<HandlerOutcome> outcomes = new ArrayList<>();
        for (Entry entry : ordered()) {
            long began = System.nanoTime();
            CleanupStats stats = CleanupStats.NONE;
            String error = null;
            try {
                stats = entry.handler().cleanup(pid);
            } catch (RuntimeException e) {
                error = e.toString();
            }
            outcomes.add(new HandlerOutcome(entry.handler().resourceType(), entry.ranking(), -entry.id(), stats,
                    Duration.ofNanos(System.nanoTime() - began), error));
        }
        return CleanupResult.of(pid, outcomes, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public List<HandlerInfo> handlers() {
        List<HandlerInfo> infos = new ArrayList<>();
        for (Entry entry : ordered()) {
            infos.add(new HandlerInfo(infos.size() + 1, entry.handler().resourceType(), entry.ranking(),
                    -entry.id(), "-"));
        }
        return infos;
    }

    @Override
    public Map<String, ResourceUsage> usage(Pid pid) {
        Map<String, ResourceUsage> usage = new LinkedHashMap<>();
        for (Entry entry : ordered()) {
            ResourceUsage used = entry.handler().usage(pid);
            if (!used.isEmpty()) {
                usage.put(entry.handler().resourceType(), used);
            }
        }
        return usage;
    }

    @Override
    public List<PlannedCleanup> plan(Pid pid) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public Map<Pid, Map<String, ResourceUsage>> holdings() {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public Map<String, ResourceTotals> totals() {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public OrchestratorStatistics statistics() {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public Registration register(ResourceCleanup handler, int ranking) {
        Entry entry = new Entry(handler, ranking, ids.incrementAndGet());
        entries.add(entry);
        return () -> entries.remove(entry);
    }

    /** @return the registered handler of {@code type} */
    public ResourceCleanup handler(String type) {
        return entries.stream().map(Entry::handler).filter(h -> h.resourceType().equals(type)).findFirst().orElseThrow();
    }

    /** @return every pid this orchestrator cleaned up, in order */
    public List<Pid> cleanups() {
        return List.copyOf(cleanups);
    }

    private List<Entry> ordered() {
        List<Entry> ordered = new ArrayList<>(entries);
        ordered.sort(ORDER);
        return ordered;
    }
}
