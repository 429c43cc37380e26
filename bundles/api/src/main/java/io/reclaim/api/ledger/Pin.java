package io.reclaim.api.ledger;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds a {@link PinnedRegion} in memory while code touches it: the region's release waits for
 * it, and if the wait runs out the region is quarantined and freed when the last pin closes.
 *
 * <p>Use the buffer only while the pin is open and do not keep it: after {@link #close()} its
 * memory may be gone, and touching it can crash the JVM. Closing twice is harmless. A pin may be
 * closed by another thread than the one that took it (an I/O operation that completes later).
 */
public final class Pin implements AutoCloseable {

    private final PinnedRegion region;
    private final ByteBuffer buffer;
    private final AtomicBoolean open = new AtomicBoolean(true);

    Pin(PinnedRegion region, ByteBuffer buffer) {
        this.region = region;
        this.buffer = buffer;
    }

    /**
     * @return the whole region, with a position and limit of this pin's own
     * @throws IllegalStateException if the pin is closed
     */
    public ByteBuffer buffer() {
        if (!open.get()) {
            throw new IllegalStateException("the pin on " + region + " is closed");
        }
        return buffer;
    }

    /** @return whether the pin still holds its region */
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            region.unpin();
        }
    }

    @Override
    public String toString() {
        return (open.get() ? "pin on " : "closed pin on ") + region;
    }
}
