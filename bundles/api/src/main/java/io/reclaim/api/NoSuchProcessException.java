package io.reclaim.api;

/** Thrown when an operation names a pid the process manager does not know. */
public class NoSuchProcessException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;

    public NoSuchProcessException(Pid pid) {
        super("no process with pid " + pid);
        this.pid = pid;
    }

    public Pid pid() {
        return pid;
    }
}
