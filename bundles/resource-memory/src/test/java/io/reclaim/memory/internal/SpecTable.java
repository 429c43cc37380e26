package io.reclaim.memory.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ProcessStatistics;

/**
 * A process table of logical processes, enough to play the process manager whose specs the memory
 * component reads its quotas from.
 */
final class SpecTable implements ProcessManager {

    private final Map<Pid, ProcessInfo> table = new ConcurrentHashMap<>();
    private long next = 1;

    synchronized Pid add(ProcessSpec spec) {
        Pid pid = Pid.of(next++);
        table.put(pid, new ProcessInfo(pid, spec, ProcessState.RUNNING, 0, Instant.now(), null, null, null, null));
        return pid;
    }

    @Override
    public ProcessState state(Pid pid) {
        ProcessInfo info = table.get(pid);
        return info == null ? null : info.state();
    }

    @Override
    public ProcessInfo spawn(ProcessSpec spec) {
        return table.get(add(spec));
    }

    @Override
    public List<ProcessInfo> list() {
        return new ArrayList<>(table.values());
    }

    @Override
    public Optional<ProcessInfo> info(Pid pid) {
        return Optional.ofNullable(table.get(pid));
    }

    @Override
    public List<ProcessInfo> history() {
        return List.of();
    }

    @Override
    public CleanupResult terminate(Pid pid, Duration grace) {
        throw new UnsupportedOperationException("not needed to read quotas");
    }

    @Override
    public ProcessStatistics statistics() {
        throw new UnsupportedOperationException("not needed to read quotas");
    }
}
