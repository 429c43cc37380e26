package io.reclaim.scheduler;

/** How the {@link Scheduler} picks the process whose entry is taken next. */
public enum SchedulingPolicy {

    /**
     * Every process with queued entries gets one entry taken in turn, whatever its priority and
     * however many entries it queued.
     */
    ROUND_ROBIN,

    /**
     * The processes with the highest priority ({@link Scheduler#setPriority}) are served first,
     * round robin among themselves; a lower priority waits while a higher one has entries queued.
     */
    PRIORITY
}
