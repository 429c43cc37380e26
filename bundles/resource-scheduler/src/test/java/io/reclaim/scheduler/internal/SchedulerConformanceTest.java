package io.reclaim.scheduler.internal;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** Run-queue entries keep the contract of every resource type. */
public class SchedulerConformanceTest extends ResourceTypeConformanceTest {

    @Override
    protected TypeUnderTest open(ProcessGate gate) {
        SchedulerImpl scheduler = new SchedulerImpl(gate, SchedulingPolicy.ROUND_ROBIN);
        return TypeUnderTest.of(scheduler, pid -> Held.lease(scheduler.enqueue(pid, () -> { }), scheduler::remove),
                scheduler::close); // the component's deactivate closes it so
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_SCHEDULER;
    }
}
