package io.reclaim.timers;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.CpuAccounting;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.timers.internal.TimerManagerImpl;
import io.reclaim.api.CloseableResourceManager;

/**
 * Timers of managed processes. Every timer of every process is fired by one small pool of daemon
 * threads ({@code reclaim-timer-N}), never by a thread of its own, so a process with a thousand
 * timers costs no thread.
 *
 * <p>A timer is tracked for its process from scheduling until it is cancelled, or, for a one-shot
 * timer, has fired. A timer fires only while its process is RUNNING: once the termination gate
 * closes, no firing starts. The cleanup of a process cancels every timer it holds, interrupts a
 * firing in progress and waits for it up to the configured cancel wait; a firing still running
 * after the wait is reported as an error.
 *
 * <p>The action is the process's own code: whatever it throws, an {@code Error} included, is
 * caught, logged and counted ({@link Timer#failures()}), and the timer keeps its schedule.
 *
 * <pre>{@code
 * Timer heartbeat = timers.scheduleAtFixedRate(pid, Duration.ZERO, Duration.ofSeconds(1), () -> ping());
 * timers.cancel(pid, heartbeat);
 * }</pre>
 */
@ProviderType
public interface TimerManager {

    /** The resource type, {@value}. */
    String TYPE = "timers";

    /** The name of every firing thread starts with this, followed by a number. */
    String THREAD_NAME_PREFIX = "reclaim-timer-";

    /**
     * The longest delay or period a timer may have, about 146 years: the scheduler counts in
     * nanoseconds and must still add a period to the current time.
     */
    Duration MAX_DELAY = Duration.ofNanos(Long.MAX_VALUE / 2);

    /**
     * Fires {@code action} once, {@code delay} from now, for {@code pid}.
     *
     * @throws IllegalArgumentException if {@code delay} is negative or longer than {@link #MAX_DELAY}; nothing is scheduled
     * @throws ProcessNotRunningException if {@code pid} may not acquire resources; nothing is scheduled
     * @throws IllegalStateException if the timer manager is stopped
     */
    Timer schedule(Pid pid, Duration delay, Runnable action);

    /**
     * Fires {@code action} after {@code initialDelay}, then every {@code period}.
     *
     * @throws IllegalArgumentException if {@code initialDelay} is negative, {@code period} is zero or
     *     negative, or either is longer than {@link #MAX_DELAY}; nothing is scheduled
     * @throws ProcessNotRunningException if {@code pid} may not acquire resources; nothing is scheduled
     * @throws IllegalStateException if the timer manager is stopped
     */
    Timer scheduleAtFixedRate(Pid pid, Duration initialDelay, Duration period, Runnable action);

    /**
     * Fires {@code action} after {@code initialDelay}, then {@code delay} after the end of each firing.
     *
     * @throws IllegalArgumentException if {@code initialDelay} is negative, {@code delay} is zero or
     *     negative, or either is longer than {@link #MAX_DELAY}; nothing is scheduled
     * @throws ProcessNotRunningException if {@code pid} may not acquire resources; nothing is scheduled
     * @throws IllegalStateException if the timer manager is stopped
     */
    Timer scheduleWithFixedDelay(Pid pid, Duration initialDelay, Duration delay, Runnable action);

    /**
     * Cancels a timer: it fires no more. A firing in progress is neither interrupted nor waited for.
     *
     * @return true if the timer was active, false if it was already cancelled or a one-shot that fired
     * @throws WrongOwnerException if {@code caller} did not schedule the timer; it is left alone
     * @throws IllegalArgumentException if the timer was scheduled by another timer manager
     */
    boolean cancel(Pid caller, Timer timer);

    /** @return the earliest next firing of the timers {@code pid} holds; empty if it holds none. O(its timers). */
    Optional<Instant> nextFiring(Pid pid);

    /** @return the number of firing threads */
    int threads();


    /**
     * A timer manager for plain Java with a cancel wait of one second and no CPU accounting. Hand its
     * {@code cleanupHandler()} to the orchestrator, with {@link ResourceCleanup#RANKING_TIMERS} as its
     * ranking, and {@link CloseableResourceManager#close() close} it when done.
     *
     * @param threads the number of firing threads, 1 to 16
     * @throws IllegalArgumentException if {@code threads} is out of range
     */
    static CloseableTimerManager create(ProcessGate gate, int threads) {
        return new TimerManagerImpl.Embedded(gate, threads, TimerManagerImpl.DEFAULT_CANCEL_WAIT, null);
    }

    /**
     * As {@link #create(ProcessGate, int)}, with the time a cleanup waits for a firing in progress,
     * and where the CPU time of every firing is charged to its process (may be null).
     *
     * @throws IllegalArgumentException if {@code threads} is out of range or {@code cancelWait} negative
     */
    static CloseableTimerManager create(ProcessGate gate, int threads, Duration cancelWait, CpuAccounting cpu) {
        return new TimerManagerImpl.Embedded(gate, threads, cancelWait, cpu);
    }
}
