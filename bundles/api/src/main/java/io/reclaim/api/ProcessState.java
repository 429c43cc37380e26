package io.reclaim.api;

/** The life of a managed process; it only ever moves forward. */
public enum ProcessState {
    /** The process may acquire resources. */
    RUNNING,
    /** Termination has begun: the gate is closed, every acquisition fails, cleanup is under way. */
    TERMINATING,
    /** Every cleanup handler has run; the process holds nothing. */
    TERMINATED
}
