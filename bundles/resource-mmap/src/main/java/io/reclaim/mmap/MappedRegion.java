package io.reclaim.mmap;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One mapped region of a file. Its owner reaches it through
 * {@link io.reclaim.api.ledger.Lease#resource(io.reclaim.api.Pid)}.
 */
@ProviderType
public interface MappedRegion {

    /** @return the mapped file */
    Path file();

    MapAccess access();

    /** @return where the region starts in the file, in bytes */
    long offset();

    /** @return the region's length in bytes */
    long length();

    /**
     * The mapped memory. Its position and limit are shared by everyone who calls this method on
     * the region.
     *
     * <p>The buffer does not keep the mapping alive: once the region is released (by its owner or
     * because its process ended) the memory is unmapped at once, and touching a buffer obtained
     * earlier is an access to unmapped memory that can crash the JVM. Do not use it after release.
     *
     * @throws IllegalStateException if the region has been unmapped
     */
    MappedByteBuffer buffer();

    /** @return whether the region is still mapped */
    boolean isMapped();
}
