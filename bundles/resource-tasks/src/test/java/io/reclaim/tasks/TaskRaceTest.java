package io.reclaim.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.scheduler.CloseableScheduler;

/**
 * Submissions race the termination of their process, with the scheduler's cleanup running first
 * as the ranking orders it: every task handed out must end, run or cancelled, and nothing may
 * stay tracked in either bundle.
 */
public class TaskRaceTest {

    private static final int SUBMITTERS = 2;
    private static final int SUBMITTED_BEFORE_TERMINATION = 2000;

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableScheduler scheduler = Scheduler.create(processes, SchedulingPolicy.ROUND_ROBIN);
    private final CloseableTaskManager tasks = TaskManager.create(processes, scheduler, 2, Duration.ofSeconds(10));

    @After
    public void stop() {
        tasks.shutdown();
    }

    @Test
    public void everyTaskSubmittedDuringTerminationEndsAndNothingStaysTracked() throws Exception {
        Pid pid = processes.spawn();
        Queue<Task<Integer>> handedOut = new ConcurrentLinkedQueue<>();
        AtomicInteger submitted = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        List<Thread> submitters = new ArrayList<>();
        for (int i = 0; i < SUBMITTERS; i++) {
            Thread submitter = new Thread(() -> {
                try {
                    for (;;) {
                        handedOut.add(tasks.submit(pid, () -> 1));
                        if (submitted.incrementAndGet() >= SUBMITTED_BEFORE_TERMINATION) {
                            enough.countDown();
                        }
                    }
                } catch (ProcessNotRunningException terminated) {
                    // the gate closed: this submitter is done
                }
            }, "submitter-" + i);
            submitter.start();
            submitters.add(submitter);
        }

        assertTrue(enough.await(60, TimeUnit.SECONDS));
        processes.terminating(pid);
        CleanupStats entries = scheduler.cleanupHandler().cleanup(pid);
        CleanupStats cancelledTasks = tasks.cleanupHandler().cleanup(pid);
        for (Thread submitter : submitters) {
            submitter.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(submitter.isAlive());
        }

        int ran = 0;
        int cancelled = 0;
        for (Task<Integer> task : handedOut) {
            try {
                ran += task.future().get(30, TimeUnit.SECONDS);
            } catch (CancellationException e) {
                cancelled++;
            }
        }
        assertEquals(submitted.get(), ran + cancelled);
        assertEquals(0, entries.errorsEncountered() + cancelledTasks.errorsEncountered());
        // each removed entry belongs to a cancelled task, but for at most one submission per submitter
        // whose entry was swept while it was enqueued: that submission failed and handed out nothing
        assertTrue("the scheduler removed " + entries.resourcesFreed() + " entries, " + cancelled + " tasks were cancelled",
                entries.resourcesFreed() <= cancelled + SUBMITTERS);
        assertTrue("the cleanup counted " + cancelledTasks.resourcesFreed() + " tasks, " + cancelled + " were cancelled",
                cancelled <= cancelledTasks.resourcesFreed());
        assertFalse(tasks.cleanupHandler().hasResources(pid));
        assertFalse(scheduler.cleanupHandler().hasResources(pid));
        assertEquals(0, scheduler.queued());
    }
}
