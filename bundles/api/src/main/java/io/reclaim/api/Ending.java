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
    SHUTDOWN
}
