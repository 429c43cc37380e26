package io.reclaim.scheduler;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import io.reclaim.scheduler.internal.SchedulerImpl;

/**
 * The run queue of the platform. Processes enqueue entries; worker threads take them, one process
 * at a time under the configured {@link SchedulingPolicy}, so a process that floods the queue
 * cannot starve the others. An entry is tracked for its process while it is queued: taking it
 * releases its lease, and the cleanup of a process removes the entries it still has queued.
 *
 * <pre>{@code
 * Lease<RunEntry> entry = scheduler.enqueue(pid, () -> work());
 * // on a worker thread
 * scheduler.take(Duration.ofSeconds(1)).ifPresent(next -> next.work().run());
 * }</pre>
 *
 * <p>The scheduler does not run anything itself: whoever takes an entry runs it, and is then
 * responsible for it (the tasks bundle's worker pool is the platform's taker).
 *
 * <p>Running an entry's {@link RunEntry#work() work} gives it a time slice. A watchdog thread
 * interrupts an entry that runs past its slice (cooperative: the entry decides whether to stop),
 * marks its process preempted and demotes the process's queued entries as the
 * {@link PreemptionPolicy} says. The thread CPU time of every run is charged to its process
 * ({@link #preemption(Pid)}), and a process over its {@link #CPU_BUDGET_PROPERTY CPU budget} is
 * preempted or terminated. This preemption state is tracked for the process like its entries,
 * and released by the same cleanup.
 */
@ProviderType
public interface Scheduler {

    /** The resource type, {@value}. */
    String TYPE = "scheduler";

    /**
     * Puts {@code work} at the end of {@code pid}'s queue.
     *
     * @return the handle; it is held while the entry is queued, and released once the entry is
     *     taken, removed or cleaned up
     * @throws ProcessNotRunningException if {@code pid} may not acquire resources; nothing is queued
     * @throws IllegalStateException if the scheduler is stopped
     */
    Lease<RunEntry> enqueue(Pid pid, Runnable work);

    /**
     * Removes a queued entry before anyone takes it.
     *
     * @return true if it was removed, false if it had already been taken, removed or cleaned up
     * @throws WrongOwnerException if {@code caller} does not own the entry; it stays queued
     */
    boolean remove(Pid caller, Lease<RunEntry> entry);

    /**
     * Takes the next entry, waiting for one to be queued. The entry is no longer tracked: the
     * caller runs it.
     *
     * @return the entry, or empty if none was queued within {@code timeout}
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalStateException if the scheduler is stopped, also while waiting
     */
    Optional<RunEntry> take(Duration timeout) throws InterruptedException;

    /**
     * Takes the next entry if one is queued, without waiting.
     *
     * @throws IllegalStateException if the scheduler is stopped
     */
    Optional<RunEntry> poll();

    /**
     * Sets the priority of {@code pid} under {@link SchedulingPolicy#PRIORITY}: higher is served
     * first, the default is 0. Round robin ignores it. The cleanup of the pid forgets it.
     *
     * @throws ProcessNotRunningException if {@code pid} may not acquire resources
     */
    void setPriority(Pid pid, int priority);

    /** @return the priority of {@code pid}, 0 unless {@link #setPriority set} */
    int priority(Pid pid);

    /** @return the policy in force; Configuration Admin can change it at any time */
    SchedulingPolicy policy();

    /** @return the number of entries queued now, of every process */
    int queued();

    /** @return the number of entries {@code pid} has queued now */
    int queued(Pid pid);

    /**
     * {@link io.reclaim.api.ProcessSpec} property giving a process a CPU budget in milliseconds, a
     * positive whole number: once the CPU time of the work the platform ran for it passes the
     * budget, it is preempted or terminated, as {@link PreemptionSettings#budgetAction()} says.
     * Read when the process's first entry runs; a value that is not a positive number is logged
     * and means no budget.
     */
    String CPU_BUDGET_PROPERTY = "reclaim.cpu.budget.ms";

    /**
     * @return the preemption state of {@code pid}: CPU time, overruns of its time slice, whether it
     *     is preempted; {@link PreemptionInfo#NONE} if none of its entries ran yet, or once it ended
     */
    PreemptionInfo preemption(Pid pid);

    /** @return the time slice and policies in force; Configuration Admin can change them at any time */
    PreemptionSettings preemptionSettings();

    /**
     * A scheduler for plain Java. Hand its {@code cleanupHandler()} to the orchestrator, with
     * {@link ResourceCleanup#RANKING_SCHEDULER} as its ranking.
     *
     * @param gate tells which pids may enqueue
     * @param policy how the next entry is picked
     */
    static CloseableScheduler create(ProcessGate gate, SchedulingPolicy policy) {
        return new SchedulerImpl.Embedded(gate, policy, PreemptionSettings.DEFAULT, null);
    }

    /**
     * As {@link #create(ProcessGate, SchedulingPolicy)}, with time slices and CPU budgets.
     *
     * @param preemption the time slice and what happens on an overrun or over a budget
     * @param processes where the CPU budgets are read and a pid over its budget is terminated; may
     *     be null, then no pid has a budget
     */
    static CloseableScheduler create(ProcessGate gate, SchedulingPolicy policy, PreemptionSettings preemption,
            ProcessManager processes) {
        return new SchedulerImpl.Embedded(gate, policy, preemption, processes);
    }
}
