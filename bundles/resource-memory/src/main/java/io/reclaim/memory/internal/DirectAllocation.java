package io.reclaim.memory.internal;

import io.reclaim.api.ledger.DirectBuffers;

import java.nio.ByteBuffer;

import io.reclaim.memory.Allocation;

/** A direct buffer as the manager tracks it, with the quota it counts against. */
final class DirectAllocation implements Allocation {

    private final Reservation reservation;
    private final ByteBuffer allocated;
    // invokeCleaner refuses views, so the original stays here and only a duplicate is handed out
    private final ByteBuffer view;
    private volatile boolean freed;

    DirectAllocation(Reservation reservation, ByteBuffer allocated) {
        this.reservation = reservation.take();
        this.allocated = allocated;
        this.view = allocated.duplicate();
    }

    @Override
    public int size() {
        return allocated.capacity();
    }

    @Override
    public ByteBuffer buffer() {
        if (freed) {
            throw new IllegalStateException(this + " is already freed");
        }
        return view;
    }

    @Override
    public boolean isAllocated() {
        return !freed;
    }

    /** Frees the memory now and gives its bytes back to the owner's quota. */
    void free() {
        freed = true;
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
