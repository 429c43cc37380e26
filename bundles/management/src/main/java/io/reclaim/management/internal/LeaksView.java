package io.reclaim.management.internal;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

final class LeaksView implements LeaksMBean {

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;

    LeaksView(ProcessManager processes, ResourceOrchestrator orchestrator) {
        this.processes = processes;
        this.orchestrator = orchestrator;
    }

    @Override
    public long getLeakedResources() {
        return Leaks.count(Leaks.find(processes, orchestrator));
    }

    @Override
    public long[] getLeakedPids() {
        return Leaks.find(processes, orchestrator).stream().mapToLong(leak -> leak.pid().value()).distinct().toArray();
    }

    @Override
    public String[] getLeaks() {
        return Leaks.find(processes, orchestrator).stream().map(Leaks.Leak::toString).toArray(String[]::new);
    }
}
