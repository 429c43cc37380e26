package io.reclaim.shell.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Ending;
import io.reclaim.api.NoSuchProcessException;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ProcessStatistics;

/**
 * A process table without OS children for command tests: spawn records the spec (a command gets
 * a made-up OS pid), terminate asks the orchestrator for the cleanup and remembers the grace.
 */
final class TestProcessManager implements ProcessManager {

    private final TestOrchestrator orchestrator;
    private final Map<Pid, ProcessInfo> table = new TreeMap<>();
    private final List<Pid> ended = new ArrayList<>();
    final List<ProcessSpec> spawned = new ArrayList<>();
    final List<Duration> graces = new ArrayList<>();
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    IOException spawnFailure;
    ProcessStatistics statistics = new ProcessStatistics(0, 0, 0, 0, 0, 0);
    private long nextPid = 1;

    TestProcessManager(TestOrchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    @Override
    public synchronized ProcessInfo spawn(ProcessSpec spec) throws IOException {
        if (spawnFailure != null) {
            throw spawnFailure;
        }
        spawned.add(spec);
        Pid pid = Pid.of(nextPid++);
        ProcessInfo info = new ProcessInfo(pid, spec, ProcessState.RUNNING, spec.hasCommand() ? 40_000 + pid.value() : 0,
                now, null, null, null, null);
        table.put(pid, info);
        return info;
    }

    @Override
    public synchronized List<ProcessInfo> list() {
        return table.values().stream().filter(info -> info.state() != ProcessState.TERMINATED).toList();
    }

    @Override
    public synchronized Optional<ProcessInfo> info(Pid pid) {
        return Optional.ofNullable(table.get(pid));
    }

    /** Most recent first, as the api promises. */
    @Override
    public synchronized List<ProcessInfo> history() {
        List<ProcessInfo> history = new ArrayList<>();
        for (int i = ended.size() - 1; i >= 0; i--) {
            history.add(table.get(ended.get(i)));
        }
        return history;
    }

    @Override
    public synchronized ProcessStatistics statistics() {
        return statistics;
    }

    @Override
    public synchronized CleanupResult terminate(Pid pid, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace cannot be negative");
        }
        ProcessInfo info = table.get(pid);
        if (info == null) {
            throw new NoSuchProcessException(pid);
        }
        if (info.cleanup() != null) {
            return info.cleanup();
        }
        graces.add(grace);
        return end(pid, Ending.TERMINATED, info.osPid() > 0 ? 143 : null, now).cleanup();
    }

    /** Ends a process the way the test says, e.g. as an OS child that exited by itself. */
    synchronized ProcessInfo end(Pid pid, Ending ending, Integer exitCode, Instant at) {
        ProcessInfo info = table.get(pid);
        CleanupResult result = orchestrator.cleanupProcess(pid);
        ProcessInfo done = new ProcessInfo(pid, info.spec(), ProcessState.TERMINATED, info.osPid(), info.started(), at,
                ending, exitCode, result);
        table.put(pid, done);
        ended.add(pid);
        return done;
    }

    /** Moves a process to TERMINATING without ending it, as if its termination were under way. */
    synchronized void beginTermination(Pid pid) {
        ProcessInfo info = table.get(pid);
        table.put(pid, new ProcessInfo(pid, info.spec(), ProcessState.TERMINATING, info.osPid(), info.started(), null,
                null, null, null));
    }

    @Override
    public synchronized ProcessState state(Pid pid) {
        ProcessInfo info = table.get(pid);
        return info == null ? null : info.state();
    }
}
