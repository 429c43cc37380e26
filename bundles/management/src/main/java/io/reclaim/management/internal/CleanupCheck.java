package io.reclaim.management.internal;

import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.reclaim.api.OrchestratorStatistics.HandlerStatistics;
import io.reclaim.api.ResourceOrchestrator;

/**
 * {@code reclaim-cleanups}: CRITICAL while a cleanup handler is stuck past its timeout. Each stuck
 * call holds a cleanup thread, and the orchestrator starts no new call into that handler until it
 * returns, so every pid ending meanwhile has that type timed out.
 */
@Component(service = HealthCheck.class,
        property = { HealthCheck.NAME + "=reclaim-cleanups", HealthCheck.TAGS + "=reclaim" })
public final class CleanupCheck implements HealthCheck {

    @Reference
    private ResourceOrchestrator orchestrator;

    @Override
    public Result execute() {
        Map<String, Long> stuck = new TreeMap<>();
        for (Map.Entry<String, HandlerStatistics> entry : orchestrator.statistics().perType().entrySet()) {
            if (entry.getValue().stuck() > 0) {
                stuck.put(entry.getKey(), entry.getValue().stuck());
            }
        }
        if (stuck.isEmpty()) {
            return new Result(Result.Status.OK, "no cleanup handler is stuck past its timeout");
        }
        return new Result(Result.Status.CRITICAL, "cleanup handlers stuck past their timeout (calls): " + stuck);
    }
}
