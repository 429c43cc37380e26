package io.reclaim.zerocopy.internal;

import java.nio.ByteBuffer;

import io.reclaim.api.ledger.Pin;
import io.reclaim.zerocopy.Claim;

/** A claim in a {@link MappedRing}: the ring does the work, under its lock. */
final class MappedClaim implements Claim {

    private final MappedRing ring;
    private final int index;
    private final ByteBuffer buffer;

    MappedClaim(MappedRing ring, int index, ByteBuffer buffer) {
        this.ring = ring;
        this.index = index;
        this.buffer = buffer;
    }

    int index() {
        return index;
    }

    int length() {
        return buffer.capacity();
    }

    @Override
    public Pin pin() {
        return ring.pin(this);
    }

    @Override
    @Deprecated(since = "1.1")
    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public void commit() {
        ring.finish(this, true);
    }

    @Override
    public void abort() {
        ring.finish(this, false);
    }

    @Override
    public String toString() {
        return "claim of " + buffer.capacity() + " bytes at " + index + " in " + ring;
    }
}
