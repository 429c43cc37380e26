package io.reclaim.zerocopy.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The header at the start of every ring file; the layout is documented in the package
 * {@code io.reclaim.zerocopy}. The magic is written last, with release semantics, so a reader that
 * sees it sees a complete header.
 *
 * @param complete whether the magic is there
 * @param closed whether the creator closed the ring
 * @param creator the JVM that created it
 * @param capacity bytes for messages
 */
record RingHeader(boolean complete, boolean closed, ProcessStart creator, int capacity) {

    static final int LENGTH = 128;

    static final long MAGIC = 0x3130435a4d4c4352L; // "RCLMZC01" in little-endian bytes
    static final int LAYOUT_VERSION = 1;

    private static final int MAGIC_OFFSET = 0;
    private static final int VERSION_OFFSET = 8;
    private static final int CLOSED_OFFSET = 12;
    private static final int PID_OFFSET = 16;
    private static final int START_OFFSET = 24;
    private static final int CLOCK_OFFSET = 32;
    private static final int CAPACITY_OFFSET = 36;

    static void write(UnsafeBuffer header, ProcessStart creator, int capacity) {
        header.putInt(VERSION_OFFSET, LAYOUT_VERSION);
        header.putInt(CLOSED_OFFSET, 0);
        header.putLong(PID_OFFSET, creator.pid());
        header.putLong(START_OFFSET, creator.startTime());
        header.putInt(CLOCK_OFFSET, creator.clock());
        header.putInt(CAPACITY_OFFSET, capacity);
        header.putLongVolatile(MAGIC_OFFSET, MAGIC);
    }

    static RingHeader read(UnsafeBuffer header) {
        boolean complete = header.getLongVolatile(MAGIC_OFFSET) == MAGIC
                && header.getInt(VERSION_OFFSET) == LAYOUT_VERSION;
        return new RingHeader(complete, isClosed(header),
                new ProcessStart(header.getLong(PID_OFFSET), header.getLong(START_OFFSET), header.getInt(CLOCK_OFFSET)),
                header.getInt(CAPACITY_OFFSET));
    }

    /** Reads a header from bytes read off the file, without mapping it. */
    static RingHeader read(ByteBuffer bytes) {
        if (bytes.remaining() < LENGTH) {
            return new RingHeader(false, false, new ProcessStart(0, 0, 0), 0);
        }
        return read(new UnsafeBuffer(bytes.order(ByteOrder.nativeOrder())));
    }

    static boolean isClosed(UnsafeBuffer header) {
        return header.getIntVolatile(CLOSED_OFFSET) != 0;
    }

    static void markClosed(UnsafeBuffer header) {
        header.putIntVolatile(CLOSED_OFFSET, 1);
    }
}
