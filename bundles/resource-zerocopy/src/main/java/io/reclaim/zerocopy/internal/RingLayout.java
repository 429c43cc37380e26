package io.reclaim.zerocopy.internal;

import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/** Sizes of a ring file: the header, then Agrona's ring buffer with its trailer. */
final class RingLayout {

    private RingLayout() {
    }

    static int ringLength(int capacity) {
        return capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    static long fileLength(int capacity) {
        return (long) RingHeader.LENGTH + ringLength(capacity);
    }
}
