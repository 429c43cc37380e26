package io.reclaim.ipc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import io.reclaim.ipc.internal.IpcManagerImpl;
import io.reclaim.api.CloseableResourceManager;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Message queues between processes: each process has at most one bounded {@link Mailbox}, opened
 * explicitly with {@link #open(Pid, int)} or on its first {@link #receive}. Senders address a pid;
 * a receiver that has opened no mailbox yet cannot be sent to.
 *
 * <p><b>Full mailbox.</b> {@link #send(Pid, Pid, Object)} never waits: it fails with
 * {@link MailboxFullException} at once. {@link #send(Pid, Pid, Object, Duration)} waits up to the
 * timeout for room, then fails the same way.
 *
 * <p><b>Cleanup.</b> Releasing a mailbox (its owner's {@link #release}, the pid's cleanup, or
 * the manager's shutdown) never drops a message silently: every message still queued becomes a
 * {@link DeadLetter}, readable through {@link #deadLetters()}. A receiver waiting on the mailbox,
 * and a sender waiting for room, are released at once with {@link MailboxClosedException}. A
 * cleanup counts the mailbox plus every message it dead-lettered in
 * {@link CleanupStats#resourcesFreed()}.
 */
@ProviderType
public interface IpcManager {

    /** The resource type, {@value}. */
    String TYPE = "ipc";

    /**
     * Opens the mailbox of {@code pid}.
     *
     * @return the handle on it; its owner may {@link #release} it
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     * @throws IllegalStateException if the pid already has a mailbox, or the manager is stopped
     * @throws ProcessNotRunningException if {@code pid} is not RUNNING
     */
    Lease<Mailbox> open(Pid pid, int capacity);

    /** Opens the mailbox of {@code pid} with the configured default capacity; see {@link #open(Pid, int)}. */
    Lease<Mailbox> open(Pid pid);

    /** @return the handle on the mailbox of {@code pid}, if it has one */
    Optional<Lease<Mailbox>> mailbox(Pid pid);

    /**
     * Queues {@code message} for {@code to} without waiting. A {@code byte[]} is copied; any other
     * object is passed by reference.
     *
     * @throws ProcessNotRunningException if {@code from} is not RUNNING
     * @throws NoMailboxException if {@code to} is unknown, not RUNNING, or has no mailbox
     * @throws MailboxFullException if the mailbox of {@code to} is full
     * @throws MailboxClosedException if the mailbox went away during the call
     * @throws NullPointerException if {@code message} is null
     */
    void send(Pid from, Pid to, Object message);

    /**
     * Like {@link #send(Pid, Pid, Object)}, but waits up to {@code timeout} for room.
     *
     * @throws MailboxFullException if there was no room within the timeout
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws InterruptedException if interrupted while waiting; nothing was sent
     */
    void send(Pid from, Pid to, Object message, Duration timeout) throws InterruptedException;

    /**
     * Takes the oldest message of {@code pid}'s mailbox, opening the mailbox (default capacity)
     * if it has none, and waits up to {@code timeout} for one.
     *
     * @return the message, or empty if none came within the timeout
     * @throws MailboxClosedException if the mailbox is released before or while waiting
     * @throws ProcessNotRunningException if {@code pid} has no mailbox and is not RUNNING
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws InterruptedException if interrupted while waiting
     */
    Optional<Message> receive(Pid pid, Duration timeout) throws InterruptedException;

    /**
     * Closes {@code pid}'s mailbox: its queued messages are dead-lettered, waiting receivers and
     * senders get {@link MailboxClosedException}. A later {@link #receive} opens a new one.
     *
     * @throws WrongOwnerException if {@code pid} does not own it; nothing is closed
     * @throws IllegalStateException if it was already released
     */
    void release(Pid pid, Lease<Mailbox> mailbox);

    /** @return the dead letters kept, oldest first (at most the configured number) */
    List<DeadLetter> deadLetters();

    /** @return how many dead letters were evicted, oldest first, to keep the record bounded */
    long deadLettersEvicted();


    /** An IPC manager with {@link IpcSettings#DEFAULTS}, for plain Java. */
    static CloseableIpcManager create(ProcessGate gate) {
        return create(gate, IpcSettings.DEFAULTS);
    }

    /** An IPC manager for plain Java; {@link CloseableResourceManager#close() close} it when done. */
    static CloseableIpcManager create(ProcessGate gate, IpcSettings settings) {
        return new IpcManagerImpl.Embedded(gate, settings);
    }
}
