package io.reclaim.api;

/**
 * Thrown when a resource is requested for a pid that is unknown, TERMINATING or TERMINATED. No
 * resource is held for the pid as a result of the failed call.
 */
public class ProcessNotRunningException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    private final ProcessState state;

    public ProcessNotRunningException(Pid pid, ProcessState state) {
        super(state == null
                ? "no process with pid " + pid
                : "pid " + pid + " is " + state + ": it can acquire no resources");
        this.pid = pid;
        this.state = state;
    }

    public Pid pid() {
        return pid;
    }

    /** @return the state the pid was in, or {@code null} if it is unknown */
    public ProcessState state() {
        return state;
    }
}
