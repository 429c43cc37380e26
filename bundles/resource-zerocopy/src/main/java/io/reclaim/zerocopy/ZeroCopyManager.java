package io.reclaim.zerocopy;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.journal.Journal;
import io.reclaim.api.journal.Journals;
import io.reclaim.api.journal.LeftoverReclaimer;
import io.reclaim.api.ledger.Lease;
import io.reclaim.zerocopy.internal.RingReclaimer;
import io.reclaim.zerocopy.internal.ZeroCopyManagerImpl;

/**
 * Creates zero-copy rings for processes and attaches processes to them; releases every ring a
 * process holds when it ends. Registered as the {@code "zerocopy"} {@link ResourceCleanup}.
 *
 * <pre>{@code
 * Ring ring = zerocopy.create(producer, "prices", 1 << 20).resource(producer);
 * Ring peer = zerocopy.attach(consumer, "prices").resource(consumer);
 * ring.tryClaim(1, 8).ifPresent(claim -> {
 *     try (Pin pin = claim.pin()) {
 *         pin.buffer().putLong(0, 42);
 *     }
 *     claim.commit();
 * });
 * peer.read((type, message) -> use(message.getLong(0)));
 * }</pre>
 */
@ProviderType
public interface ZeroCopyManager {

    /** The resource type, {@value}. */
    String TYPE = "zerocopy";

    /** The smallest ring, in bytes. */
    int MIN_CAPACITY = 1024;

    /** The largest ring, in bytes. */
    int MAX_CAPACITY = 1 << 30;

    /**
     * Creates a ring in a new file and maps it for {@code owner}. When the owner releases it or
     * ends, the ring is closed for every process attached and its file deleted.
     *
     * @param name letters, digits, {@code .}, {@code _} and {@code -}, 1 to 100 characters, not starting with {@code .}
     * @param capacity bytes for messages: a power of two from {@value #MIN_CAPACITY} to {@value #MAX_CAPACITY}
     * @throws IllegalArgumentException if the name or the capacity is bad, or a ring of that name exists
     * @throws java.io.UncheckedIOException if the file cannot be created or mapped
     * @throws io.reclaim.api.ProcessNotRunningException if {@code owner} may not acquire
     */
    Lease<Ring> create(Pid owner, String name, int capacity);

    /**
     * Maps an existing ring for {@code pid}, with a mapping of its own.
     *
     * @throws IllegalArgumentException if the name is bad or no such ring exists
     * @throws RingClosedException if the ring is closed, or its creator is gone
     * @throws java.io.UncheckedIOException if the file cannot be mapped
     * @throws io.reclaim.api.ProcessNotRunningException if {@code pid} may not acquire
     */
    Lease<Ring> attach(Pid pid, String name);

    /**
     * Releases a ring on its holder's request: the creator closes the ring for everyone and
     * deletes its file; an attached process unmaps only its own view.
     *
     * @return the bytes that were mapped
     * @throws io.reclaim.api.WrongOwnerException if {@code caller} does not hold this lease
     * @throws IllegalStateException if it was already released
     */
    long release(Pid caller, Lease<Ring> ring);

    /** @return the directory new rings are created in and looked up by name */
    Path directory();

    /**
     * A manager for plain Java, without a framework, with rings in {@code directory}, recorded in
     * no journal: ring files of a JVM that dies stay behind.
     */
    static CloseableZeroCopyManager create(ProcessGate gate, Path directory) {
        return new ZeroCopyManagerImpl.Embedded(gate, directory, Journals.inMemory());
    }

    /**
     * A manager for plain Java whose ring files are recorded in {@code journal} while they exist,
     * so that the next start can delete those of a JVM that died: hand
     * {@link #leftoverReclaimer()} the journal's leftovers of type {@link #TYPE}.
     */
    static CloseableZeroCopyManager create(ProcessGate gate, Path directory, Journal journal) {
        return new ZeroCopyManagerImpl.Embedded(gate, directory, journal);
    }

    /** @return what deletes the ring files the journal names as leftovers of a JVM that died */
    static LeftoverReclaimer leftoverReclaimer() {
        return new RingReclaimer();
    }
}
