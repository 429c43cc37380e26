package io.reclaim.api;

/**
 * What the process manager has done since it started.
 *
 * @param spawned processes spawned
 * @param running processes not yet TERMINATED
 * @param terminated processes that stopped within their grace period
 * @param forced processes killed when their grace period ran out
 * @param exited OS children that exited by themselves
 * @param shutdown processes ended because the platform stopped
 * @param orphans processes of an earlier run whose leftovers were reclaimed at this start
 */
public record ProcessStatistics(long spawned, long running, long terminated, long forced, long exited, long shutdown,
        long orphans) {

    /** Without orphans: for a process manager that keeps no journal. */
    public ProcessStatistics(long spawned, long running, long terminated, long forced, long exited, long shutdown) {
        this(spawned, running, terminated, forced, exited, shutdown, 0);
    }
}
