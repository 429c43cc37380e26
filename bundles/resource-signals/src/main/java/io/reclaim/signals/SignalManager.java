package io.reclaim.signals;

import java.time.Duration;
import java.util.List;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.TerminationListener;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import io.reclaim.signals.internal.SignalManagerImpl;
import io.reclaim.api.CloseableResourceManager;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Signal handlers and pending signals per process.
 *
 * <p>A signal is a name: one of the standard {@link #TERM}, {@link #INT}, {@link #HUP},
 * {@link #USR1}, {@link #USR2}, or a custom name of letters and digits starting with a letter
 * (e.g. {@code "RELOAD"}, at most 32 characters). Names are case-insensitive and normalized to upper
 * case; a standard name may carry the {@code SIG} prefix ({@code "SIGTERM"}). {@code KILL} and
 * {@code STOP} cannot be handled, as on Unix.
 *
 * <p>A signal sent to a pid that has no handler for it stays pending, and is delivered, in the
 * order it was sent, to the first handler the pid registers for it. Handlers run asynchronously on
 * a small thread pool this manager owns.
 *
 * <p>When the pid starts to terminate, the manager's {@link TerminationListener} (a service of its
 * own in OSGi, {@link CloseableSignalManager#terminationListener()} in plain Java) delivers
 * {@link #TERM} to the pid's TERM handlers so the process can shut down cleanly within its grace
 * period. Cleanup of a pid then lets signals already handed to its handlers finish (up to
 * {@link SignalSettings#drainTimeout()}, so a TERM is not lost when the grace period is zero),
 * removes the handlers and drops the pending signals; handlers and pending signals both count in
 * {@link CleanupStats#resourcesFreed()}.
 */
@ProviderType
public interface SignalManager {

    /** The resource type, {@value}. */
    String TYPE = "signals";

    /** Asks a process to terminate; delivered by the platform when termination begins. */
    String TERM = "TERM";
    /** Interrupt. */
    String INT = "INT";
    /** Hang-up, by convention: reload configuration. */
    String HUP = "HUP";
    /** User-defined signal 1. */
    String USR1 = "USR1";
    /** User-defined signal 2. */
    String USR2 = "USR2";

    /**
     * Registers {@code handler} for {@code signal} on behalf of {@code pid}. Signals of that name
     * already pending for the pid are handed to it at once, in the order they were sent.
     *
     * @return the handle on the registration; release it with {@link #release(Pid, Lease)}
     * @throws IllegalArgumentException if the name is invalid or cannot be handled
     * @throws ProcessNotRunningException if {@code pid} is not RUNNING
     * @throws IllegalStateException if the manager is stopped
     */
    Lease<SignalSubscription> handle(Pid pid, String signal, SignalHandler handler);

    /**
     * Removes one handler. Signals already handed to it but not yet run are discarded with it.
     *
     * @throws WrongOwnerException if {@code pid} does not own the registration; nothing is removed
     * @throws IllegalStateException if it was already removed
     */
    void release(Pid pid, Lease<SignalSubscription> subscription);

    /**
     * Sends {@code signal} to {@code pid}: every handler the pid has for it receives it; without
     * one, it stays pending until the pid registers one (or is cleaned up).
     *
     * @throws IllegalArgumentException if the name is invalid or cannot be handled
     * @throws ProcessNotRunningException if {@code pid} is unknown or not RUNNING (TERMINATING
     *     processes get TERM from the platform, nothing else)
     * @throws IllegalStateException if the pid already has the maximum of pending signals, or one
     *     of its handlers that many signals not yet run; nothing is sent then
     */
    void send(Pid pid, String signal);

    /** @return the signals pending for {@code pid}, oldest first */
    List<String> pending(Pid pid);

    /** @return the signals {@code pid} has at least one handler for, sorted */
    List<String> handled(Pid pid);


    /** A signal manager with {@link SignalSettings#DEFAULTS}, for plain Java. */
    static CloseableSignalManager create(ProcessGate gate) {
        return create(gate, SignalSettings.DEFAULTS);
    }

    /** A signal manager for plain Java; {@link CloseableResourceManager#close() close} it when done. */
    static CloseableSignalManager create(ProcessGate gate, SignalSettings settings) {
        return new SignalManagerImpl.Embedded(gate, settings);
    }
}
