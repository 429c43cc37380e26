package io.reclaim.tasks.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.lang.annotation.Annotation;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.tasks.TestSchedulers;
import io.reclaim.tasks.Blocker;
import io.reclaim.tasks.Task;
import io.reclaim.tasks.TaskThreads;
import io.reclaim.scheduler.CloseableScheduler;
import io.reclaim.api.ledger.Handlers;

/** What the component does on activation, reconfiguration and deactivation. */
public class TaskManagerImplTest {

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableScheduler scheduler = TestSchedulers.roundRobin(processes);
    private TaskManagerImpl tasks;

    @After
    public void stop() {
        if (tasks != null) {
            tasks.shutdown();
        }
    }

    @Test
    public void aNewPoolSizeFromConfigurationResizesThePoolWithoutStoppingTasks() throws Exception {
        tasks = new TaskManagerImpl(null, processes, scheduler, config(2, 1000), Map.of());
        TaskThreads.awaitCount(2);
        Pid pid = processes.spawn();
        Blocker blocker = new Blocker();
        Task<String> running = tasks.submit(pid, blocker);
        assertTrue(blocker.awaitStarted());

        tasks.modified(config(4, 1000), Map.of());
        assertEquals(4, tasks.threads());
        TaskThreads.awaitCount(4);

        tasks.modified(config(1, 1000), Map.of());
        assertEquals(1, tasks.threads());
        blocker.release();
        assertEquals("released", running.future().get(30, TimeUnit.SECONDS));
        TaskThreads.awaitCount(1);
        assertFalse(blocker.wasInterrupted());
        assertEquals(42, (int) tasks.submit(pid, () -> 42).future().get(30, TimeUnit.SECONDS));
    }

    @Test
    public void aPoolSizeOutOfRangeIsClampedRatherThanRefused() throws Exception {
        tasks = new TaskManagerImpl(null, processes, scheduler, config(0, -5), Map.of());

        assertEquals(1, tasks.threads());
        TaskThreads.awaitCount(1);
    }

    @Test
    public void deactivationCancelsEveryTaskAndStopsEveryWorker() throws Exception {
        tasks = new TaskManagerImpl(null, processes, scheduler, config(3, 1000), Map.of());
        Pid pid = processes.spawn();
        Blocker blocker = new Blocker();
        tasks.submit(pid, blocker);
        assertTrue(blocker.awaitStarted());
        tasks.modified(config(1, 1000), Map.of()); // two retired workers may still be winding down

        tasks.deactivate();

        assertEquals(0, blocker.exited.getCount());
        assertTrue(blocker.wasInterrupted());
        assertEquals(0, TaskThreads.count());
        assertFalse(Handlers.of(tasks).hasResources(pid));
    }

    /** The configuration as SCR hands it over. */
    private static TasksConfiguration config(int threads, long cancelWaitMillis) {
        return new TasksConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TasksConfiguration.class;
            }

            @Override
            public int threads() {
                return threads;
            }

            @Override
            public long cancel_wait_ms() {
                return cancelWaitMillis;
            }

            @Override
            public int service_ranking() {
                return ResourceCleanup.RANKING_TASKS;
            }
        };
    }
}
