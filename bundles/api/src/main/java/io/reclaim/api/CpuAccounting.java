package io.reclaim.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.ledger.Lease;

/**
 * Per-process CPU time of the work the platform runs for a process: run-queue entries, the tasks
 * they carry, timer firings. Whoever runs such work on one of its threads measures it with
 * {@link ThreadCpuClock} and {@link #charge charges} it to the owner. The scheduler bundle
 * provides it as a service; the accounting of a pid is released with the pid.
 *
 * <p>Charging needs a {@link Lease} of the pid: only the ledger makes leases, and only for the pid
 * that acquired the resource, so a charge can come only from code that runs work for that pid (a
 * timer firing charges through its timer's lease). Holding this service alone lets a bundle read
 * CPU times, not push another pid over its budget.
 */
@ProviderType
public interface CpuAccounting {

    /**
     * Adds CPU time spent on the work that {@code work} stands for to the lease's owner. A pid
     * that may no longer acquire resources is not charged: its accounting is being, or has been,
     * released.
     *
     * @param work a lease the work runs under; its {@link Lease#owner() owner} is charged
     * @param cpuNanos thread CPU time in nanoseconds; zero or less is ignored
     */
    void charge(Lease<?> work, long cpuNanos);

    /** @return the CPU time charged to {@code pid} so far, zero if none or once its accounting was released */
    Duration cpuTime(Pid pid);
}
