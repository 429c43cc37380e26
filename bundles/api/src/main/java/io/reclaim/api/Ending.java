package io.reclaim.api;

/** How a process came to end. */
public enum Ending {
    /** It stopped within its grace period after being asked to. */
    TERMINATED,
    /** It was still running when the grace period ran out and was killed. */
    FORCED,
    /** Its OS child exited by itself; see the exit code. */
    EXITED,
    /** The platform stopped while it was running. */
    SHUTDOWN,
    /**
     * It belonged to an earlier run of the platform on the same home that ended without cleanup
     * (kill -9, the OOM killer, a power loss); what it left was found in the journal and reclaimed at
     * the next start.
     */
    ORPHAN
}
