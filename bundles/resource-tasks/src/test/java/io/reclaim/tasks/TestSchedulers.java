package io.reclaim.tasks;

import java.time.Duration;

import io.reclaim.api.ProcessGate;
import io.reclaim.scheduler.BudgetAction;
import io.reclaim.scheduler.CloseableScheduler;
import io.reclaim.scheduler.PreemptionPolicy;
import io.reclaim.scheduler.PreemptionSettings;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;

/**
 * The run queue for the tasks tests: round robin, with a time slice no test reaches. The tests
 * hold workers with blocking tasks on purpose; a preemption on a slow machine would interrupt a
 * holder, free its worker and run a task a test expects still queued. Preemption has tests of its own.
 */
public final class TestSchedulers {

    private TestSchedulers() {
    }

    public static CloseableScheduler roundRobin(ProcessGate gate) {
        return Scheduler.create(gate, SchedulingPolicy.ROUND_ROBIN,
                new PreemptionSettings(Duration.ofMinutes(10), PreemptionPolicy.LOWER_PRIORITY, BudgetAction.PREEMPT), null);
    }
}
