package io.reclaim.tasks;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** Tasks that run until they are cancelled keep the contract of every resource type. */
public class TaskConformanceTest extends ResourceTypeConformanceTest {

    private static volatile ProcessGate gate;
    /**
     * One scheduler for every test, as the scheduler bundle outlives a stop of the tasks bundle:
     * its watchdog thread is the scheduler's, not the task manager's, and a plain-Java scheduler
     * has no close of its own to stop it.
     */
    private static final Scheduler SCHEDULER = Scheduler.create(pid -> gate.state(pid), SchedulingPolicy.ROUND_ROBIN);

    @Override
    protected TypeUnderTest open(ProcessGate processes) {
        gate = processes;
        CloseableTaskManager tasks = TaskManager.create(processes, SCHEDULER, 2);
        return TypeUnderTest.of(tasks, pid -> Held.releasedBy(tasks.submit(pid, () -> {
            Thread.sleep(60_000);
            return null;
        }), tasks::cancel));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_TASKS;
    }
}
