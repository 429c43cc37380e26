package io.reclaim.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.scheduler.CloseableScheduler;

/** What the cleanup of a process and the closing of the manager leave behind: nothing. */
public class TaskCleanupTest {

    private static final int THREADS = 2;

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableScheduler scheduler = TestSchedulers.roundRobin(processes);
    private CloseableTaskManager tasks = TaskManager.create(processes, scheduler, THREADS, Duration.ofSeconds(10));

    @After
    public void stop() {
        tasks.shutdown();
    }

    @Test
    public void cleanupStopsTheRunningTasksOfThePidBeforeItReturns() throws Exception {
        Pid dying = processes.spawn();
        Pid other = processes.spawn();
        assertEquals(THREADS, TaskThreads.count());
        List<Blocker> running = occupyEveryWorker(dying);
        List<Task<String>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(tasks.submit(dying, () -> "never"));
        }
        Task<String> survivor = tasks.submit(other, () -> "done");

        processes.terminating(dying);
        CleanupStats stats = tasks.cleanupHandler().cleanup(dying);

        assertEquals(CleanupStats.freed(THREADS + 5, 0), stats);
        for (Blocker blocker : running) {
            assertEquals("a task of the dead pid is still running", 0, blocker.exited.getCount());
            assertTrue(blocker.wasInterrupted());
            assertTrue(blocker.thread().getName().startsWith(TaskManager.THREAD_NAME_PREFIX));
        }
        assertNotSame(running.get(0).thread(), running.get(1).thread());
        assertTrue(queued.stream().allMatch(task -> task.future().isCancelled()));
        assertFalse(tasks.cleanupHandler().hasResources(dying));
        assertEquals("the queued tasks' scheduler entries are gone", 0, scheduler.queued(dying));
        assertEquals("done", survivor.future().get(30, TimeUnit.SECONDS));
        assertEquals("the pool is back to its idle size", THREADS, TaskThreads.count());
        assertTrue(running.stream().allMatch(blocker -> blocker.thread().isAlive()));
    }

    @Test
    public void cleanupInRankingOrderSchedulerFirstStillCancelsEveryTask() throws Exception {
        Pid dying = processes.spawn();
        List<Blocker> running = occupyEveryWorker(dying);
        List<Task<String>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(tasks.submit(dying, () -> "never"));
        }

        processes.terminating(dying);
        CleanupStats entries = scheduler.cleanupHandler().cleanup(dying);
        CleanupStats cancelled = tasks.cleanupHandler().cleanup(dying);

        assertEquals("the queued entries and the pid's preemption state", CleanupStats.freed(5 + 1, 0), entries);
        assertEquals(CleanupStats.freed(THREADS + 5, 0), cancelled);
        assertTrue(queued.stream().allMatch(task -> task.future().isCancelled()));
        assertTrue(running.stream().allMatch(blocker -> blocker.exited.getCount() == 0));
        assertEquals(THREADS, TaskThreads.count());
    }

    @Test
    public void aTaskThatIgnoresCancellationIsReportedAsAnError() throws Exception {
        tasks.shutdown();
        tasks = TaskManager.create(processes, scheduler, THREADS, Duration.ofMillis(100));
        Pid dying = processes.spawn();
        AtomicBoolean letGo = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch exited = new CountDownLatch(1);
        Task<Void> stubborn = tasks.submit(dying, () -> {
            started.countDown();
            while (!letGo.get()) {
                Thread.interrupted(); // ignores every cancellation
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            exited.countDown();
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));

        processes.terminating(dying);
        CleanupStats stats = tasks.cleanupHandler().cleanup(dying);

        assertEquals(0, stats.resourcesFreed());
        assertEquals(1, stats.errorsEncountered());
        String error = stats.errors().get(0);
        assertTrue(error, error.startsWith("tasks: task " + stubborn.id() + " of pid " + dying
                + " was cancelled but is still running on " + TaskManager.THREAD_NAME_PREFIX));
        assertTrue(error, error.endsWith(" after 100 ms"));
        assertFalse(tasks.cleanupHandler().hasResources(dying));
        letGo.set(true);
        assertTrue(exited.await(30, TimeUnit.SECONDS));
    }

    @Test
    public void closeCancelsEveryTaskAndStopsThePool() throws Exception {
        Pid a = processes.spawn();
        Pid b = processes.spawn();
        Blocker ofA = new Blocker();
        Blocker ofB = new Blocker();
        tasks.submit(a, ofA);
        tasks.submit(b, ofB);
        assertTrue(ofA.awaitStarted());
        assertTrue(ofB.awaitStarted());
        Task<String> queued = tasks.submit(a, () -> "never");
        assertEquals(THREADS, TaskThreads.count());

        CleanupStats stats = tasks.shutdown();

        assertEquals(CleanupStats.freed(3, 0), stats);
        assertEquals(0, ofA.exited.getCount());
        assertEquals(0, ofB.exited.getCount());
        assertTrue(queued.future().isCancelled());
        assertEquals(0, TaskThreads.count());
        assertEquals(0, tasks.threads());
        assertEquals(0, scheduler.queued(a));
        assertEquals("tasks is stopped: no resources can be acquired for pid " + a,
                assertThrows(IllegalStateException.class, () -> tasks.submit(a, () -> "late")).getMessage());
    }

    @Test
    public void aCleanupMayBlockOnlyWhileATaskOfThePidRuns() throws Exception {
        Pid pid = processes.spawn();
        Pid other = processes.spawn();
        List<Blocker> running = occupyEveryWorker(other);
        tasks.submit(pid, () -> "queued behind the others");
        assertFalse("cancelling a queued task is bookkeeping", tasks.cleanupHandler().cleanupMayBlock(pid));
        assertTrue(tasks.cleanupHandler().cleanupMayBlock(other));

        running.forEach(Blocker::release);
        for (Blocker blocker : running) {
            assertTrue(blocker.exited.await(30, TimeUnit.SECONDS));
        }
        Blocker blocker = new Blocker();
        tasks.submit(pid, blocker);
        assertTrue(blocker.awaitStarted());
        assertTrue(tasks.cleanupHandler().cleanupMayBlock(pid));
        blocker.release();
    }

    private List<Blocker> occupyEveryWorker(Pid pid) throws InterruptedException {
        List<Blocker> blockers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Blocker blocker = new Blocker();
            tasks.submit(pid, blocker);
            blockers.add(blocker);
        }
        for (Blocker blocker : blockers) {
            assertTrue(blocker.awaitStarted());
        }
        return blockers;
    }
}
