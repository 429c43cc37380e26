package io.reclaim.iouring.internal;

import static io.reclaim.iouring.internal.RingLayout.*;

import java.lang.invoke.VarHandle;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The submission side of a ring: this process is its only producer, the kernel its consumer.
 * Not thread-safe; the ring serialises access.
 */
final class SubmissionQueue {

    private final Pointer ring;
    private final Pointer sqes;
    private final long headOffset;
    private final long tailOffset;
    private final long arrayOffset;
    private final int mask;
    private final int entries;
    private int tail;
    private int unsubmitted;

    SubmissionQueue(Mapping ring, Mapping sqes, Memory params, int entries) {
        this.ring = ring.address();
        this.sqes = sqes.address();
        this.headOffset = params.getInt(PARAMS_SQ_OFF + SQ_HEAD);
        this.tailOffset = params.getInt(PARAMS_SQ_OFF + SQ_TAIL);
        this.arrayOffset = params.getInt(PARAMS_SQ_OFF + SQ_ARRAY);
        this.mask = this.ring.getInt(params.getInt(PARAMS_SQ_OFF + SQ_RING_MASK));
        this.entries = entries;
        this.tail = this.ring.getInt(tailOffset);
    }

    boolean isFull() {
        int head = ring.getInt(headOffset);
        VarHandle.fullFence(); // acquire: the kernel advances head after it has read the entries
        return tail - head >= entries;
    }

    /** Writes one entry and publishes it to the kernel; the caller has checked {@link #isFull()}. */
    void push(byte opcode, int fd, long address, int length, long fileOffset, long userData) {
        int index = tail & mask;
        long sqe = (long) index * SQE_SIZE;
        sqes.setMemory(sqe, SQE_SIZE, (byte) 0);
        sqes.setByte(sqe + SQE_OPCODE, opcode);
        sqes.setInt(sqe + SQE_FD, fd);
        sqes.setLong(sqe + SQE_OFF, fileOffset);
        sqes.setLong(sqe + SQE_ADDR, address);
        sqes.setInt(sqe + SQE_LEN, length);
        sqes.setLong(sqe + SQE_USER_DATA, userData);
        ring.setInt(arrayOffset + (long) index * Integer.BYTES, index);
        tail++;
        VarHandle.fullFence(); // release: the entry must be visible before the tail that covers it
        ring.setInt(tailOffset, tail);
        unsubmitted++;
    }

    /** @return entries published but not yet handed to the kernel with {@code io_uring_enter} */
    int unsubmitted() {
        return unsubmitted;
    }

    void submitted(int count) {
        unsubmitted -= count;
    }
}
