package io.reclaim.memory;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One block of direct memory. Its owner reaches it through
 * {@link io.reclaim.api.ledger.Lease#resource(io.reclaim.api.Pid)}.
 */
@ProviderType
public interface Allocation {

    /** @return the size of the block in bytes */
    int size();

    /**
     * The memory, zeroed when allocated. Its position and limit are shared by everyone who calls
     * this method on the allocation.
     *
     * <p>The buffer does not keep the memory alive: once the allocation is freed (by its owner or
     * because its process ended) the memory goes back to the system at once, and touching a
     * buffer obtained earlier is a use after free that can corrupt memory or crash the JVM. Do
     * not use it after release.
     *
     * @throws IllegalStateException if the allocation has been freed
     */
    ByteBuffer buffer();

    /** @return whether the memory is still allocated */
    boolean isAllocated();
}
