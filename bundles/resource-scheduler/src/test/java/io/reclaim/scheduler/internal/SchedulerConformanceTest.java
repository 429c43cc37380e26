package io.reclaim.scheduler.internal;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;
import io.reclaim.scheduler.CloseableScheduler;
import io.reclaim.scheduler.Scheduler;

/** Run-queue entries keep the contract of every resource type. */
public class SchedulerConformanceTest extends ResourceTypeConformanceTest {

    @Override
    protected TypeUnderTest open(ProcessGate gate) {
        CloseableScheduler scheduler = Scheduler.create(gate, SchedulingPolicy.ROUND_ROBIN);
        return TypeUnderTest.of(scheduler, pid -> Held.lease(scheduler.enqueue(pid, () -> { }), scheduler::remove));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_SCHEDULER;
    }
}
