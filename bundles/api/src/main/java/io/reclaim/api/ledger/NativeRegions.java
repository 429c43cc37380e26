package io.reclaim.api.ledger;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every live {@link PinnedRegion} of this JVM by start address, so that code handed a plain
 * buffer (an io_uring operation) can pin the region it lies in. Lock-free; O(log regions).
 */
final class NativeRegions {

    private static final ConcurrentSkipListMap<Long, PinnedRegion> BY_ADDRESS = new ConcurrentSkipListMap<>();

    private NativeRegions() {
    }

    static void add(PinnedRegion region) {
        BY_ADDRESS.put(region.address(), region);
    }

    static void remove(PinnedRegion region) {
        BY_ADDRESS.remove(region.address(), region);
    }

    static boolean isEmpty() {
        return BY_ADDRESS.isEmpty();
    }

    /** @return the region holding all of [start, start + length), or null */
    static PinnedRegion containing(long start, long length) {
        Map.Entry<Long, PinnedRegion> below = BY_ADDRESS.floorEntry(start);
        if (below == null) {
            return null;
        }
        PinnedRegion region = below.getValue();
        return start + length <= region.address() + region.bytes() ? region : null;
    }
}
