package io.reclaim.memory;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.ledger.Pin;

/**
 * One block of direct memory. Its owner reaches it through
 * {@link io.reclaim.api.ledger.Lease#resource(io.reclaim.api.Pid)}, and touches it under a pin:
 * <pre>{@code
 * try (Pin pin = allocation.pin()) {
 *     pin.buffer().putLong(0, 42L);
 * }
 * }</pre>
 * When the allocation is freed (by its owner, or because its process ended) the release waits
 * for the pins held, up to the manager's pin wait; a block still pinned then is quarantined (kept,
 * counted as quarantined bytes) and freed when its last pin closes.
 */
@ProviderType
public interface Allocation {

    /** @return the size of the block in bytes */
    int size();

    /**
     * Pins the memory until the pin is closed: it is not freed meanwhile.
     *
     * @return a pin whose buffer is the whole block, zeroed when allocated, with a position and
     *     limit of its own
     * @throws IllegalStateException if the allocation is freed or being freed
     */
    Pin pin();

    /**
     * Runs {@code work} on the memory under a pin.
     *
     * @throws IllegalStateException if the allocation is freed or being freed
     */
    void access(Consumer<? super ByteBuffer> work);

    /**
     * The memory, without a pin. Its position and limit are shared by everyone who calls this
     * method on the allocation.
     *
     * <p>The buffer does not keep the memory alive: once the allocation is freed (by its owner or
     * because its process ended) the memory goes back to the system at once, and touching a
     * buffer obtained earlier is a use after free that can corrupt memory or crash the JVM.
     *
     * @throws IllegalStateException if the allocation has been freed
     * @deprecated a cleanup cannot see code that uses this buffer and may free the memory under
     *     it; use {@link #pin()} or {@link #access(Consumer)}
     */
    @Deprecated(since = "1.1")
    ByteBuffer buffer();

    /** @return whether the memory is still allocated (not freed, not quarantined) */
    boolean isAllocated();
}
