package io.reclaim.iouring;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;
import io.reclaim.iouring.internal.IoUringManagerImpl;

/**
 * Creates io_uring rings for processes and releases them: every ring a process still holds when
 * it ends is unmapped and its file descriptor closed. Registered as the {@code "iouring"}
 * {@link ResourceCleanup}.
 *
 * <pre>{@code
 * Lease<Ring> lease = iouring.create(pid, 64);
 * Ring ring = lease.resource(pid);
 * ring.write(fd, buffer, 0, 1L);
 * List<Completion> done = ring.await(1, Duration.ofSeconds(1));
 * iouring.release(pid, lease);
 * }</pre>
 */
@ProviderType
public interface IoUringManager {

    /** The resource type, {@value}. */
    String TYPE = "iouring";

    /** The largest ring the kernel accepts, in submission entries. */
    int MAX_ENTRIES = 32768;

    /**
     * Sets up a ring for {@code pid}. The kernel rounds {@code entries} up to a power of two and
     * gives the completion queue twice as many entries.
     *
     * @param entries submission queue entries, 1 to the configured maximum (at most {@value #MAX_ENTRIES})
     * @throws IoUringUnavailableException if this system offers no io_uring; the message says why
     * @throws IoUringException if the kernel refuses the ring (e.g. out of memory or file descriptors)
     * @throws IllegalArgumentException if {@code entries} is out of range
     * @throws io.reclaim.api.ProcessNotRunningException if {@code pid} may not acquire
     */
    Lease<Ring> create(Pid pid, int entries);

    /**
     * Releases one ring on its owner's request: waits a bounded time for operations in flight,
     * unmaps the rings and closes the ring's file descriptor.
     *
     * @return the bytes that were mapped
     * @throws io.reclaim.api.WrongOwnerException if {@code caller} does not own the ring
     * @throws IllegalStateException if it was already released
     */
    long release(Pid caller, Lease<Ring> ring);

    /**
     * Asks the kernel, by setting up and closing a one-entry ring, whether rings can be created.
     *
     * @return why rings cannot be created here, or empty if they can
     */
    Optional<String> unavailableReason();

    /**
     * A manager for plain Java, without a framework.
     *
     * @param gate tells which pids may create rings
     */
    static CloseableIoUringManager create(ProcessGate gate) {
        return new IoUringManagerImpl.Embedded(gate);
    }
}
