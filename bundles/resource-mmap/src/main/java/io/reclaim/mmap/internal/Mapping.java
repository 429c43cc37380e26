package io.reclaim.mmap.internal;

import io.reclaim.api.ledger.DirectBuffers;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

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
    private volatile boolean unmapped;

    Mapping(Path file, MapAccess access, long offset, MappedByteBuffer mapped) {
        this.file = file;
        this.access = access;
        this.offset = offset;
        this.mapped = mapped;
        this.view = mapped.duplicate();
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
     * Syncs a shared region, then unmaps it. A failed sync still unmaps, so the memory never
     * outlives the call; the sync failure is rethrown afterwards.
     */
    void unmap() {
        unmapped = true;
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
