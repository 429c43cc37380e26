package io.reclaim.shell.internal;

import io.reclaim.api.CpuAccounting;
import io.reclaim.api.ProcessGate;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;

/** The scheduler's real CPU accounting, as the shell finds it registered under {@link CpuAccounting}. */
final class SchedulerImplAccess {

    private SchedulerImplAccess() {
    }

    record Accounting(Scheduler scheduler) {
        CpuAccounting accounting() {
            return (CpuAccounting) scheduler;
        }
    }

    static Accounting accounting(ProcessGate gate) {
        return new Accounting(Scheduler.create(gate, SchedulingPolicy.ROUND_ROBIN));
    }
}
