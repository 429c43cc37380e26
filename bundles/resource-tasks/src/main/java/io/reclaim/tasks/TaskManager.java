package io.reclaim.tasks;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.tasks.internal.TaskManagerImpl;
import io.reclaim.api.CloseableResourceManager;

/**
 * Runs async tasks on behalf of managed processes. A submitted task becomes an entry of the
 * {@link Scheduler}; a fixed pool of daemon worker threads ({@code reclaim-task-N}) takes the
 * entries, so tasks of different processes share the workers under the scheduler's policy and
 * a process with a thousand tasks queued does not hold back one with ten.
 *
 * <p>A task is tracked for its process from submission until its future completes; finished
 * tasks are forgotten on their own. The cleanup of a process cancels its running tasks with
 * interruption, waits up to the configured cancel wait for them to stop, and drops its queued
 * ones; a task that is still running after the wait is reported as an error.
 *
 * <pre>{@code
 * Task<Report> task = tasks.submit(pid, () -> buildReport());
 * Report report = task.future().get(10, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>The worker pool runs every entry it takes from the scheduler, tasks and other entries alike:
 * it is the platform's executor of the run queue.
 */
@ProviderType
public interface TaskManager {

    /** The resource type, {@value}. */
    String TYPE = "tasks";

    /** The name of every worker thread starts with this, followed by a number. */
    String THREAD_NAME_PREFIX = "reclaim-task-";

    /**
     * Submits {@code work} to run on the worker pool for {@code pid}.
     *
     * @throws ProcessNotRunningException if {@code pid} may not acquire resources; nothing is queued
     * @throws IllegalStateException if the task manager or the scheduler is stopped
     */
    <T> Task<T> submit(Pid pid, Callable<T> work);

    /**
     * Submits {@code work} to run on the worker pool for {@code pid}; its future yields null.
     *
     * @throws ProcessNotRunningException if {@code pid} may not acquire resources; nothing is queued
     * @throws IllegalStateException if the task manager or the scheduler is stopped
     */
    Task<Void> submit(Pid pid, Runnable work);

    /**
     * Cancels a task: a queued one never runs, a running one is interrupted. Does not wait for a
     * running task to stop.
     *
     * @return true if the task was queued or running, false if it had already finished or been
     *     cancelled
     * @throws WrongOwnerException if {@code caller} did not submit the task; it is left alone
     * @throws IllegalArgumentException if the task was submitted to another task manager
     */
    boolean cancel(Pid caller, Task<?> task);

    /** @return the number of worker threads the pool has now */
    int threads();


    /**
     * A task manager for plain Java, with a cancel wait of one second. Hand it to the
     * orchestrator as a cleanup handler, with {@link ResourceCleanup#RANKING_TASKS} as its ranking,
     * and {@link CloseableResourceManager#close() close} it when done.
     *
     * @param gate tells which pids may submit
     * @param scheduler the run queue the tasks go through
     * @param threads the size of the worker pool, 1 to 64
     * @throws IllegalArgumentException if {@code threads} is out of range
     */
    static CloseableTaskManager create(ProcessGate gate, Scheduler scheduler, int threads) {
        return create(gate, scheduler, threads, TaskManagerImpl.DEFAULT_CANCEL_WAIT);
    }

    /**
     * As {@link #create(ProcessGate, Scheduler, int)}, with the time a cleanup waits for the
     * cancelled running tasks of a process to stop.
     *
     * @throws IllegalArgumentException if {@code threads} is out of range or {@code cancelWait} negative
     */
    static CloseableTaskManager create(ProcessGate gate, Scheduler scheduler, int threads, Duration cancelWait) {
        return new TaskManagerImpl.Embedded(gate, scheduler, threads, cancelWait);
    }
}
