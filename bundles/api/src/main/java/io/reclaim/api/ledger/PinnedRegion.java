package io.reclaim.api.ledger;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.locks.LockSupport;

/**
 * One region of native memory (a direct buffer, a mapping) that code touches only under a
 * {@link Pin}, and that is freed only when no pin is left: the way a shared {@code Arena} guards
 * a {@code MemorySegment} in newer Java, on Java 17.
 *
 * <p>Every resource type whose memory code can touch (off-heap allocations, mappings, ring claims,
 * io_uring buffers) keeps one region per block and hands out pins, never the raw memory:
 * <pre>{@code
 * try (Pin pin = allocation.pin()) {
 *     pin.buffer().putLong(0, 42L);
 * }
 * allocation.access(buffer -> buffer.putLong(0, 42L));
 * }</pre>
 *
 * <p>Its release, {@link #close(Duration)}, refuses new pins at once, waits up to the given time
 * for the pins held to end, then either frees the memory (no pin left) or <b>quarantines</b> it:
 * the memory stays allocated, is counted in the owner's {@link Quarantine}, and is freed by the
 * thread that ends the last pin. Either way it is freed exactly once, and never while a pin holds
 * it.
 *
 * <p>The state is one {@link AtomicLong}: the number of pins in the low bits and three flags
 * (closing, quarantined, freed). Pinning and unpinning are one compare-and-set each, with no lock
 * and no allocation but the {@link Pin} itself.
 */
public final class PinnedRegion {

    private static final long CLOSING = 1L << 62;
    private static final long QUARANTINED = 1L << 61;
    private static final long FREED = 1L << 60;
    private static final long COUNT = FREED - 1;
    /** How long a closer parks between looks: an unpin wakes it sooner. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final AtomicLong state = new AtomicLong();
    private final ByteBuffer memory;
    private final long address;
    private final long bytes;
    private final Quarantine quarantine;
    private final Runnable free;
    private volatile Thread closer;

    private PinnedRegion(ByteBuffer memory, long address, Quarantine quarantine, Runnable free) {
        this.memory = memory;
        this.address = address;
        this.bytes = memory.capacity();
        this.quarantine = quarantine;
        this.free = free;
    }

    /**
     * Guards {@code memory} and makes it findable by {@link #pinContaining(ByteBuffer)}.
     *
     * @param memory the whole region, as allocated or mapped; each pin sees a duplicate of it
     * @param quarantine where the region is counted while it is quarantined
     * @param free frees the memory for real; runs exactly once, on the thread that closes the
     *     region or, if it was quarantined, on the thread that ends its last pin
     * @throws IllegalArgumentException if {@code memory} is not direct
     */
    public static PinnedRegion of(ByteBuffer memory, Quarantine quarantine, Runnable free) {
        Objects.requireNonNull(quarantine, "quarantine");
        Objects.requireNonNull(free, "free");
        PinnedRegion region = new PinnedRegion(memory, DirectBuffers.address(memory), quarantine, free);
        NativeRegions.add(region);
        return region;
    }

    /**
     * Pins the region that holds every byte of {@code buffer} between its position and its limit,
     * if one of the regions made by {@link #of} holds them: for code that receives a buffer and
     * keeps using its memory after the call returns (an I/O operation in flight).
     *
     * @return a pin on the region, or empty if the bytes belong to no region
     * @throws IllegalStateException if the region is being released
     * @throws IllegalArgumentException if {@code buffer} is not direct
     */
    public static Optional<Pin> pinContaining(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("a heap buffer lies in no native region");
        }
        if (NativeRegions.isEmpty()) {
            return Optional.empty(); // also where addresses cannot be read: then no region was ever made
        }
        long start = DirectBuffers.address(buffer) + buffer.position();
        int length = buffer.remaining();
        for (;;) {
            PinnedRegion region = NativeRegions.containing(start, length);
            if (region == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(region.pin());
            } catch (IllegalStateException released) {
                PinnedRegion now = NativeRegions.containing(start, length);
                if (now == null || now == region) {
                    throw released;
                }
                // freed meanwhile, and its addresses already belong to a new region: pin that one
            }
        }
    }

    /**
     * Waits once for the pins of every region given, up to {@code wait} in all, after refusing new
     * pins on each. Release them afterwards with {@link #close(Duration)} and no wait: a cleanup
     * of a pid with many regions then waits once, not once per region.
     */
    public static void awaitUnpinned(Collection<PinnedRegion> regions, Duration wait) {
        Thread self = Thread.currentThread();
        for (PinnedRegion region : regions) {
            region.closer = self;
            region.state.getAndUpdate(s -> s | CLOSING);
        }
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        for (PinnedRegion region : regions) {
            while (region.pins() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(region, Math.min(left, PARK_NANOS));
            }
        }
    }

    /**
     * @return a pin; its buffer is a duplicate of the whole region with its own position and limit
     * @throws IllegalStateException if the region is being released or is freed
     */
    public Pin pin() {
        acquire();
        return new Pin(this, memory.duplicate());
    }

    /**
     * Pins the whole region and hands out only the {@code length} bytes from {@code index} (a
     * message in a ring, a claimed slot).
     *
     * @throws IndexOutOfBoundsException if the bytes are not all in the region; nothing is pinned
     * @throws IllegalStateException if the region is being released or is freed
     */
    public Pin pin(int index, int length) {
        ByteBuffer view = memory.slice(index, length);
        acquire();
        return new Pin(this, view);
    }

    private void acquire() {
        for (;;) {
            long s = state.get();
            if ((s & CLOSING) != 0) {
                throw new IllegalStateException(this + " is released: it cannot be pinned");
            }
            if ((s & COUNT) == COUNT) {
                throw new IllegalStateException(this + " has too many pins");
            }
            if (state.compareAndSet(s, s + 1)) {
                return;
            }
        }
    }

    /**
     * Runs {@code work} on the memory under a pin.
     *
     * @throws IllegalStateException if the region is being released or is freed
     */
    public void access(Consumer<? super ByteBuffer> work) {
        try (Pin pin = pin()) {
            work.accept(pin.buffer());
        }
    }

    /**
     * Computes a value from the memory under a pin.
     *
     * @throws IllegalStateException if the region is being released or is freed
     */
    public <T> T apply(Function<? super ByteBuffer, ? extends T> work) {
        try (Pin pin = pin()) {
            return work.apply(pin.buffer());
        }
    }

    /** Ends one pin; frees the region if it was quarantined and this was its last pin. */
    void unpin() {
        long s = state.decrementAndGet();
        if ((s & COUNT) != 0 || (s & CLOSING) == 0) {
            return;
        }
        if ((s & QUARANTINED) != 0) {
            if (state.compareAndSet(s, s | FREED)) {
                freeLater();
            }
        } else {
            Thread waiting = closer;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    /**
     * Releases the region: refuses new pins, waits up to {@code wait} for the pins held, then
     * frees the memory, or quarantines it if it is still pinned. If {@link #awaitUnpinned} has
     * already waited for this region, it decides at once.
     *
     * @return true if the memory is freed now, false if it is quarantined (freed when its last pin ends)
     * @throws IllegalStateException if the region was already released
     * @throws RuntimeException whatever freeing threw; the region counts as freed all the same
     */
    public boolean close(Duration wait) {
        closer = Thread.currentThread();
        long previous = state.getAndUpdate(s -> s | CLOSING);
        if ((previous & (QUARANTINED | FREED)) != 0) {
            throw new IllegalStateException(this + " is already released");
        }
        long waitNanos = (previous & CLOSING) != 0 ? 0 : Math.max(0, wait.toNanos());
        long deadline = System.nanoTime() + waitNanos;
        try {
            for (;;) {
                long s = state.get();
                if ((s & COUNT) == 0) {
                    if (state.compareAndSet(s, s | FREED)) {
                        freeNow();
                        return true;
                    }
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    // counted first: the last unpin may free it the moment the flag is set
                    quarantine.hold(bytes);
                    if (state.compareAndSet(s, s | QUARANTINED)) {
                        return false;
                    }
                    quarantine.unhold(bytes);
                    continue;
                }
                LockSupport.parkNanos(this, Math.min(left, PARK_NANOS));
            }
        } finally {
            closer = null;
        }
    }

    /** @return the pins held now */
    public long pins() {
        return state.get() & COUNT;
    }

    /** @return whether the memory is gone (or being freed now) */
    public boolean isFreed() {
        return (state.get() & FREED) != 0;
    }

    /** @return whether the region was released while pinned and waits for its last pin */
    public boolean isQuarantined() {
        long s = state.get();
        return (s & QUARANTINED) != 0 && (s & FREED) == 0;
    }

    /** @return the region's size in bytes */
    public long bytes() {
        return bytes;
    }

    long address() {
        return address;
    }

    private void freeNow() {
        try {
            free.run();
        } finally {
            NativeRegions.remove(this);
        }
    }

    /** On the thread of the last pin: whatever freeing throws is the region's, not that code's. */
    private void freeLater() {
        try {
            freeNow();
            quarantine.freed(bytes);
        } catch (Throwable e) {
            quarantine.failed(bytes, this + ": freeing after the last pin ended failed: " + e);
            if (e instanceof VirtualMachineError) {
                throw (VirtualMachineError) e;
            }
        }
    }

    @Override
    public String toString() {
        return "native region of " + bytes + " bytes at 0x" + Long.toHexString(address);
    }
}
