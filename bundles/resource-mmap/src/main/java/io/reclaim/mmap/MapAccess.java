package io.reclaim.mmap;

/** How a file region is mapped. */
public enum MapAccess {

    /** Readable only; the region must lie within the file. */
    READ_ONLY,

    /**
     * Readable and writable; writes reach the file and are synced to disk before the region is
     * unmapped. Mapping past the end of the file grows the file.
     */
    SHARED,

    /**
     * Readable and writable copy-on-write: writes stay in the process's private copy and never
     * reach the file. The region must lie within the file, and, as the JDK requires, the file
     * must be writable even though it never changes.
     */
    PRIVATE
}
