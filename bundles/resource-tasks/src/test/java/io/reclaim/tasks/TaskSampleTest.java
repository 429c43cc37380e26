package io.reclaim.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.tasks.internal.TaskManagerImpl;
import io.reclaim.scheduler.CloseableScheduler;

/** The sample a self-test asks for: a real task on a worker thread, cancelled with the pid. */
public class TaskSampleTest {

    private static final int THREADS = 2;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableScheduler scheduler = Scheduler.create(processes, SchedulingPolicy.ROUND_ROBIN);
    private final CloseableTaskManager tasks = TaskManager.create(processes, scheduler, THREADS, Duration.ofSeconds(10));

    @After
    public void stop() {
        tasks.shutdown();
    }

    @Test
    public void sampleIsATaskRunningOnAWorkerUntilThePidIsCleanedUp() throws Exception {
        Pid pid = processes.spawn();

        assertTrue(tasks.cleanupHandler().sample(pid));

        assertEquals(new ResourceUsage(1, 0), tasks.cleanupHandler().usage(pid));
        awaitWorkersRunningTheSample(1);
        assertEquals("taken from the run queue", 0, scheduler.queued());
        assertTrue("still held while it runs", tasks.cleanupHandler().hasResources(pid));

        CleanupStats stats = tasks.cleanupHandler().cleanup(pid);

        assertEquals("cancelled and stopped within the cancel wait", CleanupStats.freed(1, 0), stats);
        assertEquals("its worker left it", 0, workersRunningTheSample());
        assertFalse(tasks.cleanupHandler().hasResources(pid));
        assertEquals(THREADS, TaskThreads.count());
        Pid next = processes.spawn();
        assertEquals("the worker is free again", "done",
                tasks.submit(next, () -> "done").future().get(30, TimeUnit.SECONDS));
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireSubmitsNothing() {
        Pid pid = processes.spawn();
        processes.terminating(pid);

        assertThrows(ProcessNotRunningException.class, () -> tasks.cleanupHandler().sample(pid));

        assertFalse(tasks.cleanupHandler().hasResources(pid));
        assertEquals(0, scheduler.queued());
    }

    private static void awaitWorkersRunningTheSample(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (workersRunningTheSample() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("workers running the sample", expected, workersRunningTheSample());
    }

    /** @return the worker threads whose stack is inside the sample's body now */
    private static long workersRunningTheSample() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith(TaskManager.THREAD_NAME_PREFIX))
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().equals(TaskManagerImpl.class.getName())
                                && frame.getMethodName().equals("waitForCancel")))
                .count();
    }
}
