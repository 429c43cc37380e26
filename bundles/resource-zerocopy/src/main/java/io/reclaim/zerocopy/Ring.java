package io.reclaim.zerocopy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One process's handle on a zero-copy ring: many writers, one reader.
 *
 * <p>Any number of processes (in this JVM or outside it) may write at once. Only one may read at
 * a time; by convention the creator reads and attached processes write, but any one of them may
 * be the reader.
 *
 * <p>Every operation first checks the ring's shared closed flag: once the creator has closed the
 * ring they fail with {@link RingClosedException}. Once this handle is released they fail with
 * {@link IllegalStateException}. Thread-safe.
 */
@ProviderType
public interface Ring {

    /** @return the ring's name */
    String name();

    /** @return the file the ring lives in */
    Path file();

    /** @return bytes for messages */
    int capacity();

    /** @return the longest message the ring takes */
    int maxMessageLength();

    /** @return bytes this handle maps */
    long mappedBytes();

    /** @return whether this handle created the ring (and closes it for everyone on release) */
    boolean isCreator();

    /** @return whether the creator has closed the ring, or this handle was released */
    boolean isClosed();

    /**
     * Claims space for one message, to be filled in place and then committed or aborted. Until
     * then the reader waits at this message, so a claim must be short-lived.
     *
     * @param type the message type, 1 or greater
     * @return the claim, or empty if the ring has no room now
     * @throws IllegalArgumentException if the type or the length is out of range
     * @throws RingClosedException if the creator closed the ring
     */
    Optional<Claim> tryClaim(int type, int length);

    /**
     * Writes the bytes of {@code source} between its position and its limit as one message; the
     * buffer's position is left unchanged.
     *
     * @param type the message type, 1 or greater
     * @return false if the ring has no room now
     * @throws IllegalArgumentException if the type or the length is out of range
     * @throws RingClosedException if the creator closed the ring
     */
    boolean write(int type, ByteBuffer source);

    /**
     * Hands every waiting message, up to {@code limit}, to {@code handler} and frees their space.
     *
     * @return how many messages were read
     * @throws RingClosedException if the creator closed the ring
     */
    int read(MessageHandler handler, int limit);

    /** Reads every waiting message; see {@link #read(MessageHandler, int)}. */
    default int read(MessageHandler handler) {
        return read(handler, Integer.MAX_VALUE);
    }

    /** @return bytes of messages waiting to be read, approximately while writers are active */
    int size();
}
