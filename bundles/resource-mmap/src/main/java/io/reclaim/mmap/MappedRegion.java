package io.reclaim.mmap;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.ledger.Pin;

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
     * Pins the mapping until the pin is closed: it is not unmapped meanwhile. When the region is
     * released, the release waits for the pins up to the manager's pin wait; a region still
     * pinned then is quarantined (kept mapped, counted as quarantined bytes), and synced and
     * unmapped when its last pin closes.
     *
     * @return a pin whose buffer (a {@link MappedByteBuffer}) is the whole region, with a position
     *     and limit of its own
     * @throws IllegalStateException if the region is unmapped or being released
     */
    Pin pin();

    /**
     * Runs {@code work} on the mapped memory under a pin.
     *
     * @throws IllegalStateException if the region is unmapped or being released
     */
    void access(Consumer<? super MappedByteBuffer> work);

    /**
     * The mapped memory, without a pin. Its position and limit are shared by everyone who calls
     * this method on the region.
     *
     * <p>The buffer does not keep the mapping alive: once the region is released (by its owner or
     * because its process ended) the memory is unmapped at once, and touching a buffer obtained
     * earlier is an access to unmapped memory that can crash the JVM.
     *
     * @throws IllegalStateException if the region has been unmapped
     * @deprecated a cleanup cannot see code that uses this buffer and may unmap it under that
     *     code; use {@link #pin()} or {@link #access(Consumer)}
     */
    @Deprecated(since = "1.1")
    MappedByteBuffer buffer();

    /** @return whether the region is still mapped for its owner (not released, not quarantined) */
    boolean isMapped();
}
