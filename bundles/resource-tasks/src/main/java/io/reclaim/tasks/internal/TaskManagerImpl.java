package io.reclaim.tasks.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.framework.BundleContext;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.BusyReleases;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.scheduler.RunEntry;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.tasks.Task;
import io.reclaim.tasks.TaskManager;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.tasks.CloseableTaskManager;

/**
 * The {@link TaskManager}: tasks are tracked in the shared ownership ledger from submission until
 * their future completes, and reach the worker pool as entries of the {@link Scheduler}.
 */
@Component(name = "io.reclaim.tasks", service = TaskManager.class, immediate = true)
@ResourceType(reclaim_resource_type = TaskManager.TYPE, service_ranking = ResourceCleanup.RANKING_TASKS)
@Designate(ocd = TasksConfiguration.class)
public class TaskManagerImpl extends ResourceManagerSupport<TaskImpl<?>> implements TaskManager {

    public static final Duration DEFAULT_CANCEL_WAIT = Duration.ofSeconds(1);
    static final int MAX_THREADS = 64;
    /** Beyond the cancel wait, how long closing waits for the workers to leave their last entry. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    private final Scheduler scheduler;
    private final WorkerPool pool;
    private final AtomicLong ids = new AtomicLong();
    /**
     * The ledger releases a pid's tasks one by one on the thread that runs the sweep; this
     * collects the running ones it cancelled, so that the sweep can wait for all of them at once.
     */
    private final BusyReleases<TaskImpl<?>> cancelledRunning = new BusyReleases<>(
            (task, nanos) -> task.awaitExit(nanos) || !task.isRunning(), TaskManagerImpl::stillRunning);
    private volatile Duration cancelWait;

    /** Plain Java; see {@link TaskManager#create(ProcessGate, Scheduler, int, Duration)}. */
    public TaskManagerImpl(ProcessGate gate, Scheduler scheduler, int threads, Duration cancelWait) {
        super(TYPE, gate);
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("a task pool has 1 to " + MAX_THREADS + " threads, got " + threads);
        }
        Objects.requireNonNull(cancelWait, "a cancel wait is required");
        if (cancelWait.isNegative()) {
            throw new IllegalArgumentException("the cancel wait cannot be negative, got " + cancelWait);
        }
        this.scheduler = Objects.requireNonNull(scheduler, "a scheduler is required");
        this.cancelWait = cancelWait;
        this.pool = new WorkerPool(scheduler);
        pool.resize(threads);
    }

    @Activate
    public TaskManagerImpl(BundleContext context,
            @Reference ProcessGate gate, @Reference Scheduler scheduler, TasksConfiguration config, Map<String, Object> properties) {
        this(gate, scheduler, threads(config), cancelWait(config));
        // service.ranking is left to the orchestrator: read as an int here, bad text would fail the component
        LOG.debug("{}: {} worker threads, cancel wait {} ms", TYPE, pool.size(), this.cancelWait.toMillis());
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    /**
     * Without this method SCR would deactivate the component on a configuration change, and
     * deactivation cancels every task of every pid. The pool is resized in place.
     */
    @Modified
    void modified(TasksConfiguration config, Map<String, Object> properties) {
        cancelWait = cancelWait(config);
        pool.resize(threads(config));
        LOG.debug("{}: {} worker threads, cancel wait {} ms", TYPE, pool.size(), cancelWait.toMillis());
        registration.update(properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        CleanupStats stats = shutdown();
        if (stats.resourcesFreed() > 0) {
            LOG.info("{}: stopped, cancelled {} tasks processes still had", TYPE, stats.resourcesFreed());
        }
        stats.errors().forEach(error -> LOG.warn("{}: stopped, {}", TYPE, error));
    }

    @Override
    public <T> Task<T> submit(Pid pid, Callable<T> work) {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(work, "the work to submit is required");
        TaskImpl<T> task = new TaskImpl<>(this, ids.incrementAndGet(), pid, work);
        Lease<TaskImpl<T>> lease = ledger().acquire(pid, () -> task);
        task.tracked(lease);
        Lease<RunEntry> entry;
        try {
            entry = scheduler.enqueue(pid, task::run);
        } catch (Throwable e) { // whatever it is, the task must not stay tracked without an entry
            untrack(task);
            throw e;
        }
        task.queued(entry);
        if (task.future().isCancelled()) {
            // a cleanup cancelled the task before its entry existed: the entry must not linger
            scheduler.remove(pid, entry);
        }
        return task;
    }

    @Override
    public Task<Void> submit(Pid pid, Runnable work) {
        Objects.requireNonNull(work, "the work to submit is required");
        return submit(pid, () -> {
            work.run();
            return null;
        });
    }

    /**
     * A task that waits until it is cancelled, so that it is still held when the pid ends and the
     * pid's cleanup has a running task to cancel. While it runs it occupies one worker thread.
     */
    @Override
    protected boolean sample(Pid pid) {
        submit(pid, TaskManagerImpl::waitForCancel);
        return true;
    }

    private static Void waitForCancel() throws InterruptedException {
        // cancelling the task, by its release or the pid's cleanup, interrupts the worker
        Thread.sleep(Long.MAX_VALUE);
        return null;
    }

    @Override
    public boolean cancel(Pid caller, Task<?> task) {
        Objects.requireNonNull(caller, "a pid is required");
        Objects.requireNonNull(task, "a task is required");
        if (!(task instanceof TaskImpl<?> ours) || ours.manager != this) {
            throw new IllegalArgumentException(task + " was not submitted to this task manager");
        }
        if (!ours.owner().equals(caller)) {
            throw new WrongOwnerException(TYPE, ours.owner(), caller);
        }
        return ledger().releaseIfHeld(caller, ours.lease());
    }

    @Override
    public int threads() {
        return pool.size();
    }

    /** Stops tracking a task whose future completed; a no-op if a release got there first. */
    void untrack(TaskImpl<?> task) {
        Lease<? extends TaskImpl<?>> lease = task.lease();
        if (lease != null) {
            ledger().releaseIfHeld(task.owner(), lease);
        }
    }

    @Override
    protected void release(TaskImpl<?> task) {
        // a sweep interrupts the running ones once it has cancelled every queued one: sweepThenInterrupt
        boolean running = cancelledRunning.sweeping() && task.isRunning() || task.cancel();
        Lease<RunEntry> entry = task.entry();
        if (entry != null && entry.isHeld()) {
            scheduler.remove(task.owner(), entry);
        }
        if (running) {
            cancelledRunning.busy(task);
        }
    }

    /**
     * Only a running task makes the cleanup wait, for it to leave its thread within the cancel
     * wait; cancelling queued ones is bookkeeping. A task that starts right after this answer is
     * still waited for, within that same bound.
     */
    @Override
    protected boolean cleanupMayBlock(Pid pid) {
        return ledger().holdsAny(pid, TaskImpl::isRunning);
    }

    @Override
    protected CleanupStats cleanup(Pid pid) {
        return sweepAndWait(() -> sweepThenInterrupt(() -> super.cleanup(pid)));
    }

    @Override
    protected CleanupStats shutdown() {
        CleanupStats stats = sweepAndWait(() -> sweepThenInterrupt(super::shutdown));
        pool.stop(cancelWait.plus(STOP_MARGIN));
        return stats;
    }

    /**
     * Runs a sweep, which cancels every task it releases, then waits for the running ones among
     * them to leave their threads. Each one still running after the cancel wait is no longer
     * counted as freed but as an error: its thread is still busy with it.
     */
    private CleanupStats sweepAndWait(Supplier<CleanupStats> sweep) {
        return cancelledRunning.sweep(sweep, cancelWait);
    }

    /**
     * Runs a sweep that interrupts the running tasks it releases only once it has cancelled every
     * queued one: a worker freed by an interrupted task must find none of the pid's tasks left to
     * start, whatever order the sweep releases them in.
     */
    private CleanupStats sweepThenInterrupt(Supplier<CleanupStats> sweep) {
        try {
            return sweep.get();
        } finally {
            cancelledRunning.noted().forEach(TaskImpl::cancel);
        }
    }

    private static String stillRunning(TaskImpl<?> task, Duration wait) {
        Thread runner = task.runner();
        return TYPE + ": " + task + " was cancelled but is still running on "
                + (runner == null ? "an unknown thread" : runner.getName()) + " after " + wait.toMillis() + " ms";
    }

    private static int threads(TasksConfiguration config) {
        int threads = config.threads();
        if (threads < 1 || threads > MAX_THREADS) {
            int clamped = Math.max(1, Math.min(MAX_THREADS, threads));
            LOG.warn("{}: threads must be 1 to {}, got {}; using {}", TYPE, MAX_THREADS, threads, clamped);
            return clamped;
        }
        return threads;
    }

    private static Duration cancelWait(TasksConfiguration config) {
        long millis = config.cancel_wait_ms();
        if (millis < 0) {
            LOG.warn("{}: cancel_wait_ms cannot be negative, got {}; using 0", TYPE, millis);
            return Duration.ZERO;
        }
        return Duration.ofMillis(millis);
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends TaskManagerImpl implements CloseableTaskManager {

        public Embedded(ProcessGate gate, Scheduler scheduler, int threads, Duration cancelWait) {
            super(gate, scheduler, threads, cancelWait);
        }

        @Override
        public ResourceCleanup cleanupHandler() {
            return super.cleanupHandler();
        }

        @Override
        public CleanupStats shutdown() {
            return super.shutdown();
        }
    }
}
