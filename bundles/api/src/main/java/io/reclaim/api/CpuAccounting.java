package io.reclaim.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Per-process CPU time of the work the platform runs for a process: run-queue entries, the tasks
 * they carry, timer firings. Whoever runs such work on one of its threads measures it with
 * {@link ThreadCpuClock} and {@link #charge charges} it to the owner. The scheduler bundle
 * provides it as a service; the accounting of a pid is released with the pid.
 */
@ProviderType
public interface CpuAccounting {

    /**
     * Adds CPU time spent on behalf of {@code pid}. A pid that may no longer acquire resources is
     * not charged: its accounting is being, or has been, released.
     *
     * @param cpuNanos thread CPU time in nanoseconds; zero or less is ignored
     */
    void charge(Pid pid, long cpuNanos);

    /** @return the CPU time charged to {@code pid} so far, zero if none or once its accounting was released */
    Duration cpuTime(Pid pid);
}
