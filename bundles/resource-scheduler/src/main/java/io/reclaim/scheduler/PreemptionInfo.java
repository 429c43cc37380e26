package io.reclaim.scheduler;

import java.time.Duration;
import java.util.Optional;

/**
 * The preemption state of one process, as the scheduler keeps it.
 *
 * @param cpuTime CPU time of the work the platform ran for the process: run-queue entries (the tasks
 *     they carry) and timer firings
 * @param overruns how many of its entries ran past their time slice
 * @param preempted whether it is preempted now: its last entry overran, or it is over its budget
 * @param cpuBudget its CPU budget, from {@link Scheduler#CPU_BUDGET_PROPERTY}, if it has one
 */
public record PreemptionInfo(Duration cpuTime, long overruns, boolean preempted, Optional<Duration> cpuBudget) {

    public static final PreemptionInfo NONE = new PreemptionInfo(Duration.ZERO, 0, false, Optional.empty());

    /** @return whether the process used more CPU time than its budget */
    public boolean overBudget() {
        return cpuBudget.isPresent() && cpuTime.compareTo(cpuBudget.get()) > 0;
    }
}
