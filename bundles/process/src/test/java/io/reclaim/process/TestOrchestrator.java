package io.reclaim.process;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.OrchestratorStatistics;
import io.reclaim.api.Pid;
import io.reclaim.api.PlannedCleanup;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;

/**
 * The real orchestrator ({@link ResourceOrchestrators#builder()}) with two things these tests
 * look at: which pids it was asked to clean up, and the handlers registered with it. Ordering,
 * timeouts and error handling are the orchestrator's own.
 */
public class TestOrchestrator implements ResourceOrchestrator, AutoCloseable {

    private final EmbeddedOrchestrator real = ResourceOrchestrators.builder().build();
    private final List<Pid> cleanups = new CopyOnWriteArrayList<>();
    private final List<ResourceCleanup> registered = new CopyOnWriteArrayList<>();

    @Override
    public CleanupResult cleanupProcess(Pid pid) {
        cleanups.add(pid);
        return real.cleanupProcess(pid);
    }

    @Override
    public List<HandlerInfo> handlers() {
        return real.handlers();
    }

    @Override
    public Map<String, ResourceUsage> usage(Pid pid) {
        return real.usage(pid);
    }

    @Override
    public List<PlannedCleanup> plan(Pid pid) {
        return real.plan(pid);
    }

    @Override
    public Map<Pid, Map<String, ResourceUsage>> holdings() {
        return real.holdings();
    }

    @Override
    public Map<String, ResourceTotals> totals() {
        return real.totals();
    }

    @Override
    public OrchestratorStatistics statistics() {
        return real.statistics();
    }

    @Override
    public Registration register(ResourceCleanup handler, int ranking) {
        Registration registration = real.register(handler, ranking);
        registered.add(handler);
        return () -> {
            registered.remove(handler);
            registration.close();
        };
    }

    /** @return the registered handler of {@code type} */
    public ResourceCleanup handler(String type) {
        return registered.stream().filter(h -> h.resourceType().equals(type)).findFirst().orElseThrow();
    }

    /** @return every pid this orchestrator was asked to clean up, in order */
    public List<Pid> cleanups() {
        return List.copyOf(cleanups);
    }

    @Override
    public void close() {
        real.close();
    }
}
