package io.reclaim.management.internal;

/** {@code io.reclaim:type=Processes}: the process table, and terminate. */
public interface ProcessesMBean {

    /** @return processes RUNNING now */
    int getRunning();

    /** @return processes TERMINATING now */
    int getTerminating();

    long getSpawned();

    /** @return processes that stopped within their grace period */
    long getTerminated();

    /** @return processes killed when their grace ran out */
    long getForced();

    /** @return OS children that exited by themselves */
    long getExited();

    /** @return processes ended because the platform stopped */
    long getShutdown();

    /** @return processes of an earlier run reclaimed at this start */
    long getOrphans();

    /** @return one line per live process: pid, name, state, OS pid */
    String[] getProcesses();

    /**
     * Terminates a process, as {@code reclaim:kill -g GRACE PID} does.
     *
     * @return one line: how it ended and what its cleanup freed
     * @throws IllegalArgumentException for an unknown pid or a negative grace
     */
    String terminate(long pid, long graceSeconds);
}
