package io.reclaim.mmap;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;
import io.reclaim.mmap.internal.MmapManagerImpl;

/**
 * Maps file regions on behalf of processes and unmaps them deterministically: when the owner
 * releases a region, or when its process ends, a {@link MapAccess#SHARED} region is synced to
 * disk and every region is unmapped at once, not whenever the garbage collector gets to it.
 *
 * <p>A mapping holds no file descriptor: the file is closed as soon as it is mapped.
 * {@link io.reclaim.api.CleanupStats#bytesFreed()} counts the mapped lengths.
 */
@ProviderType
public interface MmapManager {

    /** The resource type of this manager. */
    String TYPE = "mmap";

    /**
     * Maps {@code length} bytes of {@code file}, starting at {@code offset}, for {@code pid}.
     *
     * @throws IllegalArgumentException if the offset is negative, the length is not positive or
     *     larger than {@link Integer#MAX_VALUE}, the file is not a regular file, or a
     *     {@link MapAccess#READ_ONLY} or {@link MapAccess#PRIVATE} region reaches past the end of
     *     the file; nothing is mapped
     * @throws IOException if the file cannot be opened or mapped (for example it does not exist);
     *     nothing is mapped
     * @throws io.reclaim.api.ProcessNotRunningException if {@code pid} may not acquire resources
     * @throws UnsupportedOperationException if the JVM offers no way to unmap deterministically
     *     ({@code sun.misc.Unsafe} of module {@code jdk.unsupported} is missing); nothing is mapped
     */
    Lease<MappedRegion> map(Pid pid, Path file, MapAccess access, long offset, long length) throws IOException;

    /**
     * Maps the whole of {@code file} for {@code pid}.
     *
     * @throws IllegalArgumentException if the file is empty, not a regular file, or larger than
     *     {@link Integer#MAX_VALUE} bytes
     * @see #map(Pid, Path, MapAccess, long, long)
     */
    Lease<MappedRegion> map(Pid pid, Path file, MapAccess access) throws IOException;

    /**
     * Syncs a {@link MapAccess#SHARED} region to disk, then unmaps it, on its owner's request.
     *
     * @return the bytes unmapped
     * @throws io.reclaim.api.WrongOwnerException if {@code caller} does not own the region; it stays mapped
     * @throws IllegalStateException if the region was already unmapped
     * @throws io.reclaim.api.ledger.ReleaseFailedException if syncing or unmapping failed; the
     *     region is no longer tracked
     */
    long unmap(Pid caller, Lease<MappedRegion> lease);


    /** A manager for plain Java use, outside an OSGi framework. */
    static CloseableMmapManager create(ProcessGate gate) {
        return new MmapManagerImpl.Embedded(gate);
    }
}
