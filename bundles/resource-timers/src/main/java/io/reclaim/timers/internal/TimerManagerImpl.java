package io.reclaim.timers.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.framework.BundleContext;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.CpuAccounting;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.BusyReleases;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.timers.Timer;
import io.reclaim.timers.TimerKind;
import io.reclaim.timers.TimerManager;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.timers.CloseableTimerManager;

/**
 * The {@link TimerManager}: timers are tracked in the shared ownership ledger and fired by one
 * {@link ScheduledThreadPoolExecutor} shared by every process.
 */
@Component(name = "io.reclaim.timers", service = TimerManager.class, immediate = true)
@ResourceType(reclaim_resource_type = TimerManager.TYPE, service_ranking = ResourceCleanup.RANKING_TIMERS)
@Designate(ocd = TimersConfiguration.class)
public class TimerManagerImpl extends ResourceManagerSupport<TimerImpl> implements TimerManager {

    public static final Duration DEFAULT_CANCEL_WAIT = Duration.ofSeconds(1);
    static final int MAX_THREADS = 16;
    /** Beyond the cancel wait, how long closing waits for the firing threads to exit. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(1);
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private static final Logger LOG = LoggerFactory.getLogger(TimerManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    private final ProcessGate gate;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong ids = new AtomicLong();
    /** The sweep releases timers one by one; this collects those firing now, to wait for all at once. */
    private final BusyReleases<TimerImpl> firingWhenSwept = new BusyReleases<>(
            (timer, nanos) -> timer.awaitIdle(nanos) || !timer.isFiring(),
            (timer, wait) -> TYPE + ": " + timer + " was cancelled but its firing is still running after "
                    + wait.toMillis() + " ms");
    private volatile Duration cancelWait;
    private volatile CpuAccounting cpu;

    /** Plain Java; see {@link TimerManager#create(ProcessGate, int, Duration, CpuAccounting)}. */
    // not public: it has as many parameters as the activation constructor, and SCR would try it
    TimerManagerImpl(ProcessGate gate, int threads, Duration cancelWait, CpuAccounting cpu) {
        super(TYPE, gate);
        this.gate = Objects.requireNonNull(gate, "a process gate is required");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("a timer pool has 1 to " + MAX_THREADS + " threads, got " + threads);
        }
        Objects.requireNonNull(cancelWait, "a cancel wait is required");
        if (cancelWait.isNegative()) {
            throw new IllegalArgumentException("the cancel wait cannot be negative, got " + cancelWait);
        }
        this.cancelWait = cancelWait;
        this.cpu = cpu;
        this.executor = new ScheduledThreadPoolExecutor(threads, TimerManagerImpl::newThread);
        executor.setRemoveOnCancelPolicy(true); // a cancelled timer leaves the queue at once, not at its due time
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.prestartAllCoreThreads(); // the threads exist from the start: timers never add one
    }

    @Activate
    public TimerManagerImpl(BundleContext context,
            @Reference ProcessGate gate, TimersConfiguration config, Map<String, Object> properties) {
        this(gate, threads(config), cancelWait(config), null);
        // service.ranking is left to the orchestrator: read as an int here, bad text would fail the component
        LOG.debug("{}: {} firing threads, cancel wait {} ms", TYPE, threads(), cancelWait.toMillis());
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    /** Without it SCR would deactivate the component on a change, and deactivation cancels every timer. */
    @Modified
    void modified(TimersConfiguration config, Map<String, Object> properties) {
        cancelWait = cancelWait(config);
        int threads = threads(config);
        if (threads > executor.getCorePoolSize()) {
            executor.setCorePoolSize(threads);
            executor.prestartAllCoreThreads();
        } else {
            executor.setCorePoolSize(threads);
        }
        LOG.debug("{}: {} firing threads, cancel wait {} ms", TYPE, threads, cancelWait.toMillis());
        registration.update(properties);
    }

    /** The CPU time of firings goes to the scheduler's accounting when it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCpuAccounting(CpuAccounting accounting) {
        this.cpu = accounting;
    }

    void unbindCpuAccounting(CpuAccounting accounting) {
        if (this.cpu == accounting) {
            this.cpu = null;
        }
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        CleanupStats stats = shutdown();
        if (stats.resourcesFreed() > 0) {
            LOG.info("{}: stopped, cancelled {} timers processes still had", TYPE, stats.resourcesFreed());
        }
        stats.errors().forEach(error -> LOG.warn("{}: stopped, {}", TYPE, error));
    }

    @Override
    public Timer schedule(Pid pid, Duration delay, Runnable action) {
        return start(pid, TimerKind.ONE_SHOT, delay, null, action);
    }

    @Override
    public Timer scheduleAtFixedRate(Pid pid, Duration initialDelay, Duration period, Runnable action) {
        return start(pid, TimerKind.FIXED_RATE, initialDelay, period, action);
    }

    @Override
    public Timer scheduleWithFixedDelay(Pid pid, Duration initialDelay, Duration delay, Runnable action) {
        return start(pid, TimerKind.FIXED_DELAY, initialDelay, delay, action);
    }

    private TimerImpl start(Pid pid, TimerKind kind, Duration initialDelay, Duration period, Runnable action) {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(action, "the action of the timer is required");
        long delayNanos = TimerArguments.delay("delay", initialDelay);
        long periodNanos = kind == TimerKind.ONE_SHOT ? 0 : TimerArguments.period(period);
        TimerImpl timer = new TimerImpl(this, ids.incrementAndGet(), pid, kind, period, action);
        Lease<TimerImpl> lease = ledger().acquire(pid, () -> timer);
        timer.tracked(lease);
        ScheduledFuture<?> future;
        try {
            future = switch (kind) {
                case ONE_SHOT -> executor.schedule(timer::fire, delayNanos, TimeUnit.NANOSECONDS);
                case FIXED_RATE -> executor.scheduleAtFixedRate(timer::fire, delayNanos, periodNanos, TimeUnit.NANOSECONDS);
                case FIXED_DELAY -> executor.scheduleWithFixedDelay(timer::fire, delayNanos, periodNanos,
                        TimeUnit.NANOSECONDS);
            };
        } catch (RejectedExecutionException stopped) {
            ledger().releaseIfHeld(pid, lease);
            throw new IllegalStateException("the timer manager is stopped", stopped);
        }
        timer.scheduled(future);
        return timer;
    }

    /** A fixed-rate timer that does nothing for an hour: still held, and cancelled, when the pid ends. */
    @Override
    protected boolean sample(Pid pid) {
        scheduleAtFixedRate(pid, Duration.ofHours(1), Duration.ofHours(1), () -> { });
        return true;
    }

    @Override
    public boolean cancel(Pid caller, Timer timer) {
        Objects.requireNonNull(caller, "a pid is required");
        TimerImpl ours = own(timer);
        if (!ours.owner().equals(caller)) {
            throw new WrongOwnerException(TYPE, ours.owner(), caller);
        }
        return ledger().releaseIfHeld(caller, ours.lease());
    }

    private TimerImpl own(Timer timer) {
        Objects.requireNonNull(timer, "a timer is required");
        if (!(timer instanceof TimerImpl ours) || ours.manager != this) {
            throw new IllegalArgumentException(timer + " was not scheduled by this timer manager");
        }
        return ours;
    }

    @Override
    public Optional<Instant> nextFiring(Pid pid) {
        long earliest = -1;
        for (Lease<? extends TimerImpl> lease : ledger().leases(pid)) {
            long nanos;
            try {
                nanos = lease.resource(pid).nanosToNextFiring();
            } catch (IllegalStateException released) {
                continue; // cancelled or fired since the leases were listed
            }
            if (nanos >= 0 && (earliest < 0 || nanos < earliest)) {
                earliest = nanos;
            }
        }
        return earliest < 0 ? Optional.empty() : Optional.of(Instant.now().plusNanos(earliest));
    }

    @Override
    public int threads() {
        return executor.getCorePoolSize();
    }

    boolean admits(Pid pid) {
        return gate.admits(pid);
    }

    /** Charges a firing to the timer's pid, through its lease: the accounting's proof of who ran. */
    void charge(TimerImpl timer, long cpuNanos) {
        CpuAccounting accounting = cpu;
        Lease<TimerImpl> lease = timer.lease();
        if (accounting != null && lease != null && cpuNanos > 0) {
            try {
                accounting.charge(lease, cpuNanos);
            } catch (Throwable e) {
                LOG.warn("{}: charging {} ns of CPU time to pid {} failed", TYPE, cpuNanos, timer.owner(), e);
            }
        }
    }

    void failed(TimerImpl timer, Throwable failure) {
        LOG.warn("{}: the action of {} threw; the timer keeps its schedule, later failures are only counted", TYPE, timer,
                failure);
    }

    /** Stops tracking a one-shot timer that fired; a no-op if a cancel got there first. */
    void untrack(TimerImpl timer) {
        Lease<TimerImpl> lease = timer.lease();
        if (lease != null) {
            ledger().releaseIfHeld(timer.owner(), lease);
        }
    }

    @Override
    protected void release(TimerImpl timer) {
        // a cleanup interrupts a firing in progress; an owner's cancel leaves it to finish
        if (timer.cancel(firingWhenSwept.sweeping())) {
            firingWhenSwept.busy(timer);
        }
    }

    /** Only a firing in progress makes the cleanup wait; cancelling the others is bookkeeping. */
    @Override
    protected boolean cleanupMayBlock(Pid pid) {
        return ledger().holdsAny(pid, TimerImpl::isFiring);
    }

    @Override
    protected CleanupStats cleanup(Pid pid) {
        return sweepAndWait(() -> super.cleanup(pid));
    }

    @Override
    protected CleanupStats shutdown() {
        CleanupStats stats = sweepAndWait(super::shutdown);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(cancelWait.plus(STOP_MARGIN).toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("{}: a firing thread did not stop within {} ms", TYPE, cancelWait.plus(STOP_MARGIN).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stats;
    }

    /**
     * Runs a sweep, which cancels every timer it releases, then waits for the firings in progress
     * among them to end. Each one still running after the cancel wait is counted as an error
     * instead of freed: its action still runs on a firing thread.
     */
    private CleanupStats sweepAndWait(Supplier<CleanupStats> sweep) {
        return firingWhenSwept.sweep(sweep, cancelWait);
    }

    private static Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, THREAD_NAME_PREFIX + THREAD_NUMBERS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    private static int threads(TimersConfiguration config) {
        int threads = config.threads();
        if (threads < 1 || threads > MAX_THREADS) {
            int clamped = Math.max(1, Math.min(MAX_THREADS, threads));
            LOG.warn("{}: threads must be 1 to {}, got {}; using {}", TYPE, MAX_THREADS, threads, clamped);
            return clamped;
        }
        return threads;
    }

    private static Duration cancelWait(TimersConfiguration config) {
        long millis = config.cancel_wait_ms();
        if (millis < 0) {
            LOG.warn("{}: cancel_wait_ms cannot be negative, got {}; using 0", TYPE, millis);
            return Duration.ZERO;
        }
        return Duration.ofMillis(millis);
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends TimerManagerImpl implements CloseableTimerManager {

        public Embedded(ProcessGate gate, int threads, Duration cancelWait, CpuAccounting cpu) {
            super(gate, threads, cancelWait, cpu);
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
