package io.reclaim.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.scheduler.CloseableScheduler;

/**
 * A process with a thousand tasks queued must not hold back one with ten: the worker pool takes
 * tasks through the scheduler, one process at a time.
 */
public class TaskFairnessTest {

    private static final int THREADS = 2;
    private static final int BIG = 1000;
    private static final int SMALL = 10;

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableScheduler scheduler = TestSchedulers.roundRobin(processes);
    private final CloseableTaskManager tasks = TaskManager.create(processes, scheduler, THREADS, Duration.ofSeconds(10));

    @After
    public void stop() {
        tasks.shutdown();
    }

    @Test
    public void aSmallProcessFinishesWhileABigOneStillHasMostOfItsTasksQueued() throws Exception {
        Pid big = processes.spawn();
        Pid small = processes.spawn();
        // hold every worker, so that both processes queue everything before anything runs
        Pid holder = processes.spawn();
        Blocker[] holders = {new Blocker(), new Blocker()};
        for (Blocker blocker : holders) {
            tasks.submit(holder, blocker);
            assertTrue(blocker.awaitStarted());
        }
        AtomicInteger bigStarted = new AtomicInteger();
        for (int i = 0; i < BIG; i++) {
            tasks.submit(big, () -> {
                bigStarted.incrementAndGet();
                Thread.sleep(1); // a little real work; FIFO would run all of them before the small ones
                return null;
            });
        }
        AtomicInteger bigStartedWhenSmallWasDone = new AtomicInteger(-1);
        AtomicInteger smallDone = new AtomicInteger();
        CountDownLatch allSmallDone = new CountDownLatch(SMALL);
        for (int i = 0; i < SMALL; i++) {
            tasks.submit(small, () -> {
                if (smallDone.incrementAndGet() == SMALL) {
                    bigStartedWhenSmallWasDone.set(bigStarted.get());
                }
                allSmallDone.countDown();
            });
        }

        for (Blocker blocker : holders) {
            blocker.release();
        }
        assertTrue("the small process never finished", allSmallDone.await(60, TimeUnit.SECONDS));

        int bigRun = bigStartedWhenSmallWasDone.get();
        assertTrue("the big process had started " + bigRun + " of its " + BIG + " tasks when the small one was done",
                bigRun <= BIG / 2);
        processes.terminating(big);
        CleanupStats stats = tasks.cleanupHandler().cleanup(big);
        assertEquals(0, stats.errorsEncountered());
        assertTrue("the cleanup cancelled " + stats.resourcesFreed() + " tasks", stats.resourcesFreed() >= BIG / 2);
    }
}
