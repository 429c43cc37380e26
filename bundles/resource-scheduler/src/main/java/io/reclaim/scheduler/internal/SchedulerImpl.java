package io.reclaim.scheduler.internal;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.scheduler.PreemptionInfo;
import io.reclaim.scheduler.PreemptionPolicy;
import io.reclaim.scheduler.PreemptionSettings;
import io.reclaim.scheduler.RunEntry;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.scheduler.CloseableScheduler;

/**
 * The {@link Scheduler}: queued entries are tracked in the shared ownership ledger, and the
 * {@link RunQueue} decides the order. Handing an entry to a taker is releasing its lease, so an
 * entry is either taken by exactly one worker or counted by exactly one cleanup, never both.
 */
@Component(name = "io.reclaim.scheduler", service = {Scheduler.class, CpuAccounting.class},
        immediate = true)
@ResourceType(reclaim_resource_type = Scheduler.TYPE, service_ranking = ResourceCleanup.RANKING_SCHEDULER)
@Designate(ocd = SchedulerConfiguration.class)
public class SchedulerImpl extends ResourceManagerSupport<RunEntry> implements Scheduler, CpuAccounting {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    private final ProcessGate gate;
    private final AtomicLong sequence = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition entryQueued = lock.newCondition();
    private final RunQueue queue;
    private final Preemption preemption;

    /** Plain Java; see {@link Scheduler#create(ProcessGate, SchedulingPolicy)}. */
    public SchedulerImpl(ProcessGate gate, SchedulingPolicy policy) {
        this(gate, policy, PreemptionSettings.DEFAULT, null);
    }

    /** Plain Java; see {@link Scheduler#create(ProcessGate, SchedulingPolicy, PreemptionSettings, ProcessManager)}. */
    // not public: it has as many parameters as the activation constructor, and SCR would try it
    SchedulerImpl(ProcessGate gate, SchedulingPolicy policy, PreemptionSettings settings,
            ProcessManager processes) {
        super(TYPE, gate);
        this.gate = gate;
        this.queue = new RunQueue(Objects.requireNonNull(policy, "a scheduling policy is required"));
        this.preemption = new Preemption(gate, Objects.requireNonNull(settings, "preemption settings are required"),
                this::demote, this::restore);
        preemption.processes(processes);
    }

    @Activate
    public SchedulerImpl(BundleContext context,
            @Reference ProcessGate gate, SchedulerConfiguration config, Map<String, Object> properties) {
        this(gate, SchedulingPolicy.ROUND_ROBIN);
        configure(config);
        // started now, not at the first run: a reading of the JVM's threads before and after a run stays flat
        preemption.startWatchdog();
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    /** Budgets are read from, and a pid over its budget is ended through, the process manager when it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindProcessManager(ProcessManager processes) {
        preemption.processes(processes);
    }

    void unbindProcessManager(ProcessManager processes) {
        if (preemption.processes() == processes) {
            preemption.processes(null);
        }
    }

    /**
     * Without this method SCR would deactivate the component on a configuration change, and
     * deactivation drops every queued entry of every pid. A new ranking reaches the handler's
     * registration through registration.update; a new policy re-orders the queue in place.
     */
    @Modified
    void modified(SchedulerConfiguration config, Map<String, Object> properties) {
        configure(config);
        registration.update(properties);
    }

    private void configure(SchedulerConfiguration config) {
        SchedulingPolicy policy;
        try {
            policy = config.policy();
        } catch (RuntimeException e) {
            // SCR converts the configured text when the element is read: a typo lands here
            LOG.warn("{}: unknown policy ({}); keeping {}", TYPE, e.getMessage(), policy());
            return;
        }
        setPolicy(policy);
        PreemptionSettings settings = SchedulerSettings.preemption(config, preemption.settings());
        preemption.settings(settings);
        // service.ranking is left to the orchestrator: read as an int here, bad text would fail the component
        LOG.debug("{}: policy {}, {}", TYPE, policy, settings);
    }

    private void demote(Pid pid) {
        PreemptionPolicy policy = preemption.settings().policy();
        locked(() -> queue.preempt(pid, policy));
    }

    private void restore(Pid pid) {
        locked(() -> queue.restore(pid));
    }

    @Override
    public PreemptionInfo preemption(Pid pid) {
        return preemption.info(Objects.requireNonNull(pid, "a pid is required"));
    }

    @Override
    public PreemptionSettings preemptionSettings() {
        return preemption.settings();
    }

    @Override
    public void charge(Lease<?> work, long cpuNanos) {
        preemption.charge(Objects.requireNonNull(work, "a lease is required").owner(), cpuNanos);
    }

    @Override
    public Duration cpuTime(Pid pid) {
        return preemption.cpuTime(Objects.requireNonNull(pid, "a pid is required"));
    }

    /** Switches the policy; entries already queued keep their place in each pid's queue. */
    void setPolicy(SchedulingPolicy policy) {
        locked(() -> queue.setPolicy(policy));
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        CleanupStats stats = shutdown();
        if (stats.resourcesFreed() > 0) {
            LOG.info("{}: stopped, dropped {} entries processes still had queued", TYPE, stats.resourcesFreed());
        }
        stats.errors().forEach(error -> LOG.warn("{}: stopped, {}", TYPE, error));
    }

    @Override
    public Lease<RunEntry> enqueue(Pid pid, Runnable work) {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(work, "the work to enqueue is required");
        QueuedEntry entry = new QueuedEntry(pid, sequence.incrementAndGet(), work, preemption);
        Lease<RunEntry> lease = ledger().acquire(pid, () -> entry);
        entry.tracked(lease);
        lock.lock();
        try {
            if (entry.state() == QueuedEntry.State.NEW) {
                queue.add(entry);
                entryQueued.signal();
                return lease;
            }
        } finally {
            lock.unlock();
        }
        // a cleanup swept the entry between tracking and queueing: it must not be queued now
        checkRunning();
        gate.checkAdmits(pid);
        throw new IllegalStateException(entry + " was removed by a cleanup that ran while it was enqueued");
    }

    /**
     * An entry that does nothing. Where a worker pool takes entries, it may run, and so be
     * released, before the pid ends.
     */
    @Override
    protected boolean sample(Pid pid) {
        enqueue(pid, () -> { });
        return true;
    }

    @Override
    public boolean remove(Pid caller, Lease<RunEntry> entry) {
        Objects.requireNonNull(caller, "a pid is required");
        Objects.requireNonNull(entry, "a scheduler entry is required");
        return ledger().releaseIfHeld(caller, entry);
    }

    @Override
    public Optional<RunEntry> take(Duration timeout) throws InterruptedException {
        long nanos = Objects.requireNonNull(timeout, "a timeout is required").toNanos();
        for (;;) {
            QueuedEntry next;
            lock.lockInterruptibly();
            try {
                while ((next = nextLocked()) == null) {
                    if (nanos <= 0) {
                        return Optional.empty();
                    }
                    nanos = entryQueued.awaitNanos(nanos);
                }
            } finally {
                lock.unlock();
            }
            if (handOver(next)) {
                return Optional.of(next);
            }
        }
    }

    @Override
    public Optional<RunEntry> poll() {
        for (;;) {
            QueuedEntry next;
            lock.lock();
            try {
                next = nextLocked();
            } finally {
                lock.unlock();
            }
            if (next == null) {
                return Optional.empty();
            }
            if (handOver(next)) {
                return Optional.of(next);
            }
        }
    }

    private QueuedEntry nextLocked() {
        checkRunning();
        QueuedEntry next = queue.next();
        if (next != null && queue.queued() > 0) {
            // pass the wake-up on, so a waiting taker is never left asleep beside a queued entry
            entryQueued.signal();
        }
        return next;
    }

    /**
     * Releasing the lease is what hands the entry over: if a cleanup took the lease between
     * {@link RunQueue#next()} and here, the cleanup has counted the entry and the taker skips it.
     */
    private boolean handOver(QueuedEntry entry) {
        return ledger().releaseIfHeld(entry.owner(), entry.lease());
    }

    @Override
    protected void release(RunEntry resource) {
        QueuedEntry entry = (QueuedEntry) resource;
        if (entry.state() == QueuedEntry.State.TAKEN) {
            return; // the lease of a taken entry is released by the taker: nothing is queued any more
        }
        locked(() -> queue.remove(entry));
    }

    /** Dropping queued entries is bookkeeping under a lock that is only ever held briefly. */
    @Override
    protected boolean cleanupMayBlock(Pid pid) {
        return false;
    }

    @Override
    protected CleanupStats cleanup(Pid pid) {
        CleanupStats stats = super.cleanup(pid).plus(preemption.cleanup(pid));
        locked(() -> queue.forget(pid));
        return stats;
    }

    /** The pid's queued entries and its preemption state. */
    @Override
    protected boolean hasResources(Pid pid) {
        return super.hasResources(pid) || preemption.ledger().has(pid);
    }

    @Override
    protected ResourceUsage usage(Pid pid) {
        return super.usage(pid).plus(preemption.ledger().usage(pid));
    }

    @Override
    protected List<Pid> owners() {
        Set<Pid> owners = new LinkedHashSet<>(super.owners());
        owners.addAll(preemption.ledger().owners());
        return List.copyOf(owners);
    }

    @Override
    protected CleanupStats shutdown() {
        CleanupStats stats = super.shutdown().plus(preemption.close());
        lock.lock();
        try {
            queue.clear();
            entryQueued.signalAll(); // waiting takers learn that the scheduler is stopped
        } finally {
            lock.unlock();
        }
        return stats;
    }

    @Override
    public void setPriority(Pid pid, int priority) {
        Objects.requireNonNull(pid, "a pid is required");
        gate.checkAdmits(pid);
        locked(() -> queue.setPriority(pid, priority));
        if (!gate.admits(pid)) {
            // the pid's cleanup may have run meanwhile: leave nothing of it behind
            locked(() -> queue.setPriority(pid, 0));
            gate.checkAdmits(pid);
        }
    }

    @Override
    public int priority(Pid pid) {
        return locked(() -> queue.priority(pid));
    }

    @Override
    public SchedulingPolicy policy() {
        return locked(queue::policy);
    }

    @Override
    public int queued() {
        Supplier<Integer> count = queue::queued;
        return locked(count);
    }

    @Override
    public int queued(Pid pid) {
        Supplier<Integer> count = () -> queue.queued(pid);
        return locked(count);
    }

    private void locked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void checkRunning() {
        if (ledger().isClosed()) {
            throw new IllegalStateException("scheduler is stopped");
        }
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends SchedulerImpl implements CloseableScheduler {

        public Embedded(ProcessGate gate, SchedulingPolicy policy, PreemptionSettings settings, ProcessManager processes) {
            super(gate, policy, settings, processes);
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
