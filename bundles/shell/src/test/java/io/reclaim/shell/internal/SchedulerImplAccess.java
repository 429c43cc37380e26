package io.reclaim.shell.internal;

import io.reclaim.api.CpuAccounting;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.scheduler.CloseableScheduler;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;

/** The scheduler's real CPU accounting, as the shell finds it registered under {@link CpuAccounting}. */
final class SchedulerImplAccess {

    private SchedulerImplAccess() {
    }

    record Accounting(CloseableScheduler scheduler) {
        CpuAccounting accounting() {
            return (CpuAccounting) scheduler;
        }

        /** Charges {@code pid} as work run for it does: through the lease of one of its run-queue entries. */
        void charge(Pid pid, long cpuNanos) {
            accounting().charge(scheduler.enqueue(pid, () -> { }), cpuNanos);
        }
    }

    static Accounting accounting(ProcessGate gate) {
        return new Accounting(Scheduler.create(gate, SchedulingPolicy.ROUND_ROBIN));
    }
}
