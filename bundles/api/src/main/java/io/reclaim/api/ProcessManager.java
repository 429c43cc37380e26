package io.reclaim.api;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Spawns managed processes, keeps their table, and terminates them: the gate closes, TERM is
 * delivered, the grace period runs, the whole OS tree is killed, and every cleanup handler runs.
 * An OS child that exits by itself takes the same path without anyone calling
 * {@link #terminate}. The manager is also the platform's {@link ProcessGate}.
 */
@ProviderType
public interface ProcessManager extends ProcessGate {

    /**
     * Starts a process. If the spec has a command, the OS child is started before this returns.
     *
     * @throws IOException if the OS child cannot be started; no pid is left behind
     */
    ProcessInfo spawn(ProcessSpec spec) throws IOException;

    /** @return the processes not yet TERMINATED, in pid order */
    List<ProcessInfo> list();

    /** @return the process, live or in the bounded history of terminated ones */
    Optional<ProcessInfo> info(Pid pid);

    /** @return recently terminated processes, most recent first */
    List<ProcessInfo> history();

    /** @return counts since the manager started */
    ProcessStatistics statistics();

    /**
     * Terminates {@code pid} and releases everything it holds. Calling it again, or concurrently,
     * is safe: every caller gets the one result.
     *
     * @param grace how long an OS child may take to exit after SIGTERM before SIGKILL; zero kills at once
     * @throws NoSuchProcessException if the pid was never spawned (or left the history)
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    CleanupResult terminate(Pid pid, Duration grace);

    /**
     * Terminates {@code pid} and every descendant (children spawned with it as
     * {@link ProcessSpec#parent()}, detached ones included): every gate of the tree closes first,
     * top down, so nothing new joins it; then each process ends through its own ranked cleanup,
     * leaves first.
     *
     * @return one result for the whole tree: the totals of every cleanup, and their outcomes, leaves first
     * @throws NoSuchProcessException if the pid was never spawned (or left the history)
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    default CleanupResult terminateTree(Pid pid, Duration grace) {
        return terminate(pid, grace);
    }
}
