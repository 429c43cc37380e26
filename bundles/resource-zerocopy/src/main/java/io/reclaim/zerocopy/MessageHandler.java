package io.reclaim.zerocopy;

import java.nio.ByteBuffer;

/** Receives the messages of a ring. */
@FunctionalInterface
public interface MessageHandler {

    /**
     * @param type the message type it was written with
     * @param message a read-only view of the message in shared memory, from position 0 to its
     *     length, in native byte order (as Agrona writes numbers); valid only during this call (its space is reused afterwards)
     */
    void onMessage(int type, ByteBuffer message);
}
