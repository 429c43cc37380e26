package io.reclaim.scheduler;

/** What happens to the queued entries of a process whose running entry overran its time slice. */
public enum PreemptionPolicy {

    /** The process's queue moves behind every other process waiting on its priority level, once. */
    REQUEUE,

    /**
     * The process drops one priority level below its own (under round robin: below everybody else)
     * until one of its entries ends within its slice again.
     */
    LOWER_PRIORITY
}
