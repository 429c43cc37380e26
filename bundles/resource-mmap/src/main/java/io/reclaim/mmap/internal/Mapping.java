package io.reclaim.mmap.internal;

import io.reclaim.api.ledger.DirectBuffers;
import io.reclaim.api.ledger.Pin;
import io.reclaim.api.ledger.PinnedRegion;
import io.reclaim.api.ledger.Quarantine;
import io.reclaim.api.ledger.QuarantinedException;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import io.reclaim.mmap.MapAccess;
import io.reclaim.mmap.MappedRegion;

/** A mapped region as the manager tracks it: the buffer the JDK mapped, and a view handed out. */
final class Mapping implements MappedRegion {

    private final Path file;
    private final MapAccess access;
    private final long offset;
    private final MappedByteBuffer mapped;
    // invokeCleaner refuses views, so the original stays here and only a duplicate is handed out
    private final MappedByteBuffer view;
    private final PinnedRegion region;
    private volatile boolean unmapped;

    Mapping(Path file, MapAccess access, long offset, MappedByteBuffer mapped, Quarantine quarantine) {
        this.file = file;
        this.access = access;
        this.offset = offset;
        this.mapped = mapped;
        this.view = mapped.duplicate();
        this.region = PinnedRegion.of(mapped, quarantine, this::syncAndUnmap);
    }

    @Override
    public Pin pin() {
        return region.pin();
    }

    @Override
    public void access(Consumer<? super MappedByteBuffer> work) {
        region.access(buffer -> work.accept((MappedByteBuffer) buffer));
    }

    PinnedRegion region() {
        return region;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public MapAccess access() {
        return access;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long length() {
        return mapped.capacity();
    }

    @Override
    @Deprecated(since = "1.1")
    public MappedByteBuffer buffer() {
        if (unmapped) {
            throw new IllegalStateException(this + " is already unmapped");
        }
        return view;
    }

    @Override
    public boolean isMapped() {
        return !unmapped;
    }

    /**
     * Syncs and unmaps the region once no pin holds it, waiting up to {@code pinWait}.
     *
     * @throws QuarantinedException if it is still pinned: it is synced and unmapped when the last
     *     pin closes
     */
    void unmap(Duration pinWait) {
        unmapped = true;
        if (!region.close(pinWait)) {
            throw new QuarantinedException(this + " is still pinned by running code: quarantined");
        }
    }

    /**
     * Syncs a shared region, then unmaps it. A failed sync still unmaps, so the memory never
     * outlives the call; the sync failure is rethrown afterwards.
     */
    private void syncAndUnmap() {
        RuntimeException syncFailure = null;
        if (access == MapAccess.SHARED) {
            try {
                mapped.force();
            } catch (RuntimeException e) {
                syncFailure = e;
            }
        }
        DirectBuffers.free(mapped);
        if (syncFailure != null) {
            throw new IllegalStateException("syncing " + this + " to disk failed: " + syncFailure, syncFailure);
        }
    }

    @Override
    public String toString() {
        return "mapping of " + file + " [" + access + ", offset " + offset + ", " + length() + " bytes]";
    }
}
