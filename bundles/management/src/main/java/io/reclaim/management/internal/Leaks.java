package io.reclaim.management.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/**
 * Finds what is still tracked for pids that ended (or that the process manager does not know),
 * as {@code reclaim:leaks} does. A TERMINATING pid is left alone: its cleanup owns what it holds.
 * It looks only at the pids that hold something, so it costs what is held, not the history.
 */
final class Leaks {

    /** Resources of one type still tracked for a pid that should hold nothing. */
    record Leak(Pid pid, String type, ResourceUsage usage, String why) {
        @Override
        public String toString() {
            return "pid " + pid + " " + type + " " + usage.count() + " resources " + usage.bytes() + " bytes (" + why + ")";
        }
    }

    private Leaks() {
    }

    /** @return the leaks in pid order, each pid's types in cleanup order */
    static List<Leak> find(ProcessManager processes, ResourceOrchestrator orchestrator) {
        List<Leak> leaks = new ArrayList<>();
        for (Map.Entry<Pid, Map<String, ResourceUsage>> held : orchestrator.holdings().entrySet()) {
            Pid pid = held.getKey();
            ProcessState state = processes.state(pid);
            if (state == ProcessState.RUNNING || state == ProcessState.TERMINATING) {
                continue;
            }
            String why = state == null ? "unknown pid" : "process is " + state;
            held.getValue().forEach((type, usage) -> {
                if (!usage.isEmpty()) {
                    leaks.add(new Leak(pid, type, usage, why));
                }
            });
        }
        leaks.sort((a, b) -> a.pid().compareTo(b.pid()));
        return List.copyOf(leaks);
    }

    /** @return how many resources the leaks hold */
    static long count(List<Leak> leaks) {
        return leaks.stream().mapToLong(leak -> leak.usage().count()).sum();
    }
}
