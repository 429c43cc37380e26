package io.reclaim.memory;

import io.reclaim.api.Pid;
import io.reclaim.api.ResourceLimit;
import io.reclaim.api.ResourceLimitExceededException;
import io.reclaim.api.ResourceUsage;

/**
 * Thrown when an allocation would take a process past its quota, its byte limit of memory.
 * Nothing is allocated. {@link #held()} has the bytes; its count is not known here and reads 0.
 */
public class MemoryQuotaExceededException extends ResourceLimitExceededException {

    private static final long serialVersionUID = 1L;

    private final long requested;
    private final long used;
    private final long quota;

    public MemoryQuotaExceededException(Pid pid, long requested, long used, long quota) {
        super(pid, MemoryManager.TYPE, new ResourceLimit(Long.MAX_VALUE, quota), new ResourceUsage(0, used),
                "pid " + pid + " cannot allocate " + requested + " bytes: it holds " + used + " of its "
                + quota + "-byte quota");
        this.requested = requested;
        this.used = used;
        this.quota = quota;
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
