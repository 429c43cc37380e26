package io.reclaim.management.internal;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.OrchestratorStatistics.HandlerStatistics;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;

/** Reads the orchestrator at each call, so the MBean never shows a stale rank or count. */
final class HandlerView implements HandlerMBean {

    private static final HandlerStatistics NEVER_RAN = new HandlerStatistics(0, 0, 0, 0, 0, 0);

    private final String type;
    private final ResourceOrchestrator orchestrator;

    HandlerView(String type, ResourceOrchestrator orchestrator) {
        this.type = type;
        this.orchestrator = orchestrator;
    }

    @Override
    public String getType() {
        return type;
    }

    private HandlerInfo info() {
        for (HandlerInfo handler : orchestrator.handlers()) {
            if (handler.resourceType().equals(type)) {
                return handler;
            }
        }
        return null;
    }

    @Override
    public int getRanking() {
        HandlerInfo info = info();
        return info == null ? -1 : info.ranking();
    }

    @Override
    public int getPosition() {
        HandlerInfo info = info();
        return info == null ? 0 : info.position();
    }

    private ResourceTotals totals() {
        return orchestrator.totals().getOrDefault(type, ResourceTotals.UNKNOWN);
    }

    @Override
    public long getAcquired() {
        return totals().acquired();
    }

    @Override
    public long getReleased() {
        return totals().released();
    }

    @Override
    public long getBytesReleased() {
        return totals().bytesReleased();
    }

    private HandlerStatistics statistics() {
        return orchestrator.statistics().perType().getOrDefault(type, NEVER_RAN);
    }

    @Override
    public long getRuns() {
        return statistics().runs();
    }

    @Override
    public long getBytesFreed() {
        return statistics().bytesFreed();
    }

    @Override
    public long getErrors() {
        return statistics().errors();
    }

    @Override
    public long getTimeouts() {
        return statistics().timeouts();
    }

    @Override
    public long getStuck() {
        return statistics().stuck();
    }
}
