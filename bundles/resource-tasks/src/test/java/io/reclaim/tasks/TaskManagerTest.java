package io.reclaim.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.scheduler.CloseableScheduler;

public class TaskManagerTest {

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableScheduler scheduler = TestSchedulers.roundRobin(processes);
    private final CloseableTaskManager tasks = TaskManager.create(processes, scheduler, 2, Duration.ofSeconds(10));

    @After
    public void stop() {
        tasks.shutdown();
    }

    @Test
    public void aTaskRunsOnAWorkerThreadAndCompletesItsFuture() throws Exception {
        Pid pid = processes.spawn();

        Task<String> task = tasks.submit(pid, () -> Thread.currentThread().getName());

        assertTrue(task.future().get(30, TimeUnit.SECONDS).startsWith(TaskManager.THREAD_NAME_PREFIX));
        assertEquals(pid, task.owner());
        assertEquals(2, tasks.threads());
    }

    @Test
    public void finishedTasksAreNoLongerTracked() throws Exception {
        Pid pid = processes.spawn();
        List<Task<?>> submitted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            submitted.add(i % 2 == 0 ? tasks.submit(pid, () -> n) : tasks.submit(pid, () -> { }));
        }
        for (Task<?> task : submitted) {
            task.future().get(30, TimeUnit.SECONDS);
        }

        assertFalse(tasks.cleanupHandler().hasResources(pid));
        assertEquals(ResourceUsage.NONE, tasks.cleanupHandler().usage(pid));
        assertEquals(0, scheduler.queued(pid));
    }

    @Test
    public void aFailingTaskCompletesExceptionallyAndIsNoLongerTracked() throws Exception {
        Pid pid = processes.spawn();

        Task<Object> task = tasks.submit(pid, () -> {
            throw new IllegalStateException("broken");
        });

        ExecutionException e = assertThrows(ExecutionException.class, () -> task.future().get(30, TimeUnit.SECONDS));
        assertEquals("broken", e.getCause().getMessage());
        assertFalse(tasks.cleanupHandler().hasResources(pid));
    }

    @Test
    public void entriesThatThrowErrorsCostNoWorkerAndLaterTasksStillRun() throws Exception {
        Pid pid = processes.spawn();
        // more failing entries than workers: on a pool that lost a worker per Error, none would be left
        for (int i = 0; i < 4; i++) {
            Error error = i % 2 == 0 ? new AssertionError("entry broke") : new StackOverflowError("entry recursed");
            scheduler.enqueue(pid, () -> {
                throw error;
            });
        }

        Task<String> later = tasks.submit(pid, () -> "ran");

        assertEquals("ran", later.future().get(30, TimeUnit.SECONDS));
        assertEquals(2, tasks.threads());
        assertFalse(tasks.cleanupHandler().hasResources(pid));
        assertEquals("every entry was taken", 0, scheduler.queued());
    }

    @Test
    public void aTaskThatThrowsAnErrorCompletesExceptionallyAndIsNoLongerTracked() throws Exception {
        Pid pid = processes.spawn();

        Task<Object> task = tasks.submit(pid, () -> {
            throw new AssertionError("task broke");
        });

        ExecutionException e = assertThrows(ExecutionException.class, () -> task.future().get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof AssertionError);
        assertFalse(tasks.cleanupHandler().hasResources(pid));
        assertEquals("ran", tasks.submit(pid, () -> "ran").future().get(30, TimeUnit.SECONDS));
    }

    @Test
    public void aRunningTaskIsTrackedUntilItFinishes() throws Exception {
        Pid pid = processes.spawn();
        Blocker blocker = new Blocker();
        Task<String> task = tasks.submit(pid, blocker);
        assertTrue(blocker.awaitStarted());

        assertEquals(new ResourceUsage(1, 0), tasks.cleanupHandler().usage(pid));
        blocker.release();

        assertEquals("released", task.future().get(30, TimeUnit.SECONDS));
        assertFalse(tasks.cleanupHandler().hasResources(pid));
    }

    @Test
    public void onlyTheOwnerCanCancelATaskAndCancellingInterruptsIt() throws Exception {
        Pid owner = processes.spawn();
        Pid intruder = processes.spawn();
        Blocker blocker = new Blocker();
        Task<String> task = tasks.submit(owner, blocker);
        assertTrue(blocker.awaitStarted());

        WrongOwnerException e = assertThrows(WrongOwnerException.class, () -> tasks.cancel(intruder, task));

        assertEquals("tasks handle belongs to pid " + owner + ", not to pid " + intruder, e.getMessage());
        assertFalse(task.future().isDone());
        assertTrue(tasks.cancel(owner, task));
        assertTrue(blocker.exited.await(30, TimeUnit.SECONDS));
        assertTrue(blocker.wasInterrupted());
        assertThrows(CancellationException.class, () -> task.future().get());
        assertFalse(tasks.cancel(owner, task));
        assertFalse(tasks.cleanupHandler().hasResources(owner));
    }

    @Test
    public void cancellingAQueuedTaskRemovesItsSchedulerEntry() throws Exception {
        Pid pid = processes.spawn();
        Blocker first = new Blocker();
        Blocker second = new Blocker();
        tasks.submit(pid, first);
        tasks.submit(pid, second);
        assertTrue(first.awaitStarted());
        assertTrue(second.awaitStarted());
        Task<String> queued = tasks.submit(pid, () -> "never");
        assertEquals(1, scheduler.queued(pid));

        assertTrue(tasks.cancel(pid, queued));

        assertEquals(0, scheduler.queued(pid));
        assertEquals(0, scheduler.queued());
        assertTrue(queued.future().isCancelled());
        first.release();
        second.release();
    }

    @Test
    public void cancellingTheFutureUntracksTheTask() throws Exception {
        Pid pid = processes.spawn();
        Blocker blocker = new Blocker();
        Task<String> task = tasks.submit(pid, blocker);
        assertTrue(blocker.awaitStarted());

        assertTrue(task.future().cancel(true));

        assertTrue(blocker.exited.await(30, TimeUnit.SECONDS));
        assertFalse(tasks.cleanupHandler().hasResources(pid));
    }

    @Test
    public void aProcessThatIsNotRunningCannotSubmit() {
        Pid pid = processes.spawn();
        processes.terminating(pid);

        ProcessNotRunningException e = assertThrows(ProcessNotRunningException.class,
                () -> tasks.submit(pid, () -> "never"));

        assertEquals("pid " + pid + " is TERMINATING: it can acquire no resources", e.getMessage());
        assertFalse(tasks.cleanupHandler().hasResources(pid));
        assertFalse(scheduler.cleanupHandler().hasResources(pid));
    }

    @Test
    public void aTaskOfAnotherManagerIsRefused() {
        Pid pid = processes.spawn();
        CloseableTaskManager other = TaskManager.create(processes, scheduler, 1);
        try {
            Task<String> foreign = other.submit(pid, () -> "elsewhere");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tasks.cancel(pid, foreign));

            assertTrue(e.getMessage(), e.getMessage().endsWith("was not submitted to this task manager"));
        } finally {
            other.shutdown();
        }
    }

    @Test
    public void badArgumentsAreRefusedWithOneLine() {
        Scheduler none = null;
        assertEquals("a task pool has 1 to 64 threads, got 0", assertThrows(IllegalArgumentException.class,
                () -> TaskManager.create(processes, scheduler, 0)).getMessage());
        assertEquals("the cancel wait cannot be negative, got PT-1S", assertThrows(IllegalArgumentException.class,
                () -> TaskManager.create(processes, scheduler, 1, Duration.ofSeconds(-1))).getMessage());
        assertEquals("a scheduler is required", assertThrows(NullPointerException.class,
                () -> TaskManager.create(processes, none, 1)).getMessage());
        assertEquals("the work to submit is required", assertThrows(NullPointerException.class,
                () -> tasks.submit(processes.spawn(), (Runnable) null)).getMessage());
    }
}
