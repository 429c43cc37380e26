package io.reclaim.iouring.internal;

import static io.reclaim.iouring.internal.RingLayout.*;

import java.lang.invoke.VarHandle;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The completion side of a ring: the kernel is its producer, this process its only consumer.
 * Not thread-safe; the ring serialises access.
 */
final class CompletionQueue {

    /** Receives one completion queue entry. */
    @FunctionalInterface
    interface Sink {
        void accept(long userData, int result);
    }

    private final Pointer ring;
    private final long headOffset;
    private final long tailOffset;
    private final long cqesOffset;
    private final int mask;
    private int head;

    CompletionQueue(Mapping ring, Memory params) {
        this.ring = ring.address();
        this.headOffset = params.getInt(PARAMS_CQ_OFF + CQ_HEAD);
        this.tailOffset = params.getInt(PARAMS_CQ_OFF + CQ_TAIL);
        this.cqesOffset = params.getInt(PARAMS_CQ_OFF + CQ_CQES);
        this.mask = this.ring.getInt(params.getInt(PARAMS_CQ_OFF + CQ_RING_MASK));
        this.head = this.ring.getInt(headOffset);
    }

    /** Hands every ready entry to {@code sink} and gives their slots back to the kernel. */
    int drain(Sink sink) {
        int tail = ring.getInt(tailOffset);
        VarHandle.fullFence(); // acquire: entries up to tail are written before the kernel moved it
        int taken = 0;
        while (head != tail) {
            long cqe = cqesOffset + (long) (head & mask) * CQE_SIZE;
            sink.accept(ring.getLong(cqe + CQE_USER_DATA), ring.getInt(cqe + CQE_RES));
            head++;
            taken++;
        }
        if (taken > 0) {
            VarHandle.fullFence(); // release: the entries are read before the kernel may reuse them
            ring.setInt(headOffset, head);
        }
        return taken;
    }
}
