package io.reclaim.memory;

import io.reclaim.api.Pid;

/** Thrown when an allocation would take a process past its quota. Nothing is allocated. */
public class MemoryQuotaExceededException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    private final long requested;
    private final long used;
    private final long quota;

    public MemoryQuotaExceededException(Pid pid, long requested, long used, long quota) {
        super("pid " + pid + " cannot allocate " + requested + " bytes: it holds " + used + " of its "
                + quota + "-byte quota");
        this.pid = pid;
        this.requested = requested;
        this.used = used;
        this.quota = quota;
    }

    public Pid pid() {
        return pid;
    }

    /** @return the bytes asked for */
    public long requested() {
        return requested;
    }

    /** @return the bytes the process held when it asked */
    public long used() {
        return used;
    }

    /** @return the process's quota in bytes */
    public long quota() {
        return quota;
    }
}
