package io.reclaim.memory.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

import io.reclaim.api.ledger.DirectBuffers;
import io.reclaim.api.ledger.Pin;
import io.reclaim.api.ledger.PinnedRegion;
import io.reclaim.api.ledger.Quarantine;
import io.reclaim.api.ledger.QuarantinedException;
import io.reclaim.memory.Allocation;

/** A direct buffer as the manager tracks it, with the quota it counts against and the pins that guard it. */
final class DirectAllocation implements Allocation {

    private final Reservation reservation;
    private final ByteBuffer allocated;
    // invokeCleaner refuses views, so the original stays here and only duplicates are handed out
    private final ByteBuffer view;
    private final PinnedRegion region;
    private volatile boolean released;

    DirectAllocation(Reservation reservation, ByteBuffer allocated, Quarantine quarantine) {
        this.reservation = reservation.take();
        this.allocated = allocated;
        this.view = allocated.duplicate();
        this.region = PinnedRegion.of(allocated, quarantine, this::freeNow);
    }

    @Override
    public int size() {
        return allocated.capacity();
    }

    @Override
    public Pin pin() {
        return region.pin();
    }

    @Override
    public void access(Consumer<? super ByteBuffer> work) {
        region.access(work);
    }

    @Override
    @Deprecated(since = "1.1")
    public ByteBuffer buffer() {
        if (released) {
            throw new IllegalStateException(this + " is already freed");
        }
        return view;
    }

    @Override
    public boolean isAllocated() {
        return !released;
    }

    PinnedRegion region() {
        return region;
    }

    /**
     * Frees the memory once no pin holds it, waiting up to {@code pinWait}.
     *
     * @throws QuarantinedException if it is still pinned: it is freed, and its bytes given back
     *     to the owner's quota, when the last pin closes
     */
    void free(Duration pinWait) {
        released = true;
        if (!region.close(pinWait)) {
            throw new QuarantinedException(this + " is still pinned by running code: quarantined");
        }
    }

    private void freeNow() {
        try {
            DirectBuffers.free(allocated);
        } finally {
            // the allocation has left the owner's books either way
            reservation.settle();
        }
    }

    @Override
    public String toString() {
        return "direct allocation of " + size() + " bytes";
    }
}
