package io.reclaim.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/**
 * Finds what is still tracked for processes that should hold nothing: pids that are TERMINATED
 * (or that the process manager does not know), and running pids whose OS child is gone. A
 * TERMINATING pid is left alone: its cleanup is under way and owns what it still holds.
 * It looks only at pids that hold something, so its cost follows the holdings, not the history.
 */
final class LeakFinder {

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;
    private final OsChildProbe children;

    LeakFinder(ProcessManager processes, ResourceOrchestrator orchestrator, OsChildProbe children) {
        this.processes = processes;
        this.orchestrator = orchestrator;
        this.children = children;
    }

    /** @return the leaks in pid order, each pid's types in cleanup order */
    List<Leak> find() {
        List<Leak> leaks = new ArrayList<>();
        for (Map.Entry<Pid, Map<String, ResourceUsage>> held : orchestrator.holdings().entrySet()) {
            Pid pid = held.getKey();
            ProcessState state = processes.state(pid);
            if (state == ProcessState.TERMINATING) {
                continue;
            }
            Optional<String> why = state == ProcessState.RUNNING ? childGone(pid)
                    : Optional.of(state == null ? "unknown pid" : "process is " + state);
            why.ifPresent(reason -> held.getValue().forEach((type, usage) -> {
                if (!usage.isEmpty()) {
                    leaks.add(new Leak(pid, type, usage, reason, state == ProcessState.RUNNING));
                }
            }));
        }
        leaks.sort((a, b) -> a.pid().compareTo(b.pid()));
        return List.copyOf(leaks);
    }

    private Optional<String> childGone(Pid pid) {
        long osPid = processes.info(pid).map(ProcessInfo::osPid).orElse(0L);
        if (osPid <= 0) {
            return Optional.empty();
        }
        return children.gone(osPid).map(how -> "os child " + osPid + " " + (how.equals("zombie") ? "is a zombie" : how));
    }
}
