package io.reclaim.iouring;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One io_uring ring: a submission queue and a completion queue shared with the kernel.
 *
 * <p>Operations are queued with {@link #nop}, {@link #read} and {@link #write}, handed to the kernel
 * with {@link #submit} (or {@link #await}, which submits first), and their results collected with
 * {@link #reap} or {@link #await}. Each completion carries the {@code userData} its operation was
 * queued with.
 *
 * <p>The buffer of a {@code READ} or {@code WRITE} must be a direct buffer; the kernel uses the bytes
 * between its position and its limit, and the buffer's position is left unchanged. The ring keeps
 * the buffer reachable until the operation's completion is reaped, so its memory cannot be freed
 * while the kernel uses it; the caller must not touch those bytes until then. If the buffer lies in
 * memory that a resource bundle frees deterministically (an off-heap allocation of the memory
 * bundle, a mapping, a zero-copy ring: any {@link io.reclaim.api.ledger.PinnedRegion}), the
 * operation also pins that region until its completion is reaped: a cleanup of the memory waits
 * for it and quarantines the region instead of freeing it under the kernel. An operation that has
 * not completed when the ring is released keeps its pin for good.
 *
 * <p>Thread-safe. After the ring is released every method but the accessors throws
 * {@link IllegalStateException}.
 */
@ProviderType
public interface Ring {

    /** @return the ring's own file descriptor */
    int fd();

    /** @return submission queue entries, as the kernel sized them */
    int submissionEntries();

    /** @return completion queue entries, as the kernel sized them */
    int completionEntries();

    /** @return bytes mapped for the rings and the submission entries */
    long mappedBytes();

    /** @return operations queued, submitted or not, whose completion has not been reaped */
    int inFlight();

    /** @return whether the ring is still usable (not released) */
    boolean isOpen();

    /**
     * Queues an operation that does nothing; its completion has result 0.
     *
     * @throws IllegalStateException if the ring is full or released
     */
    void nop(long userData);

    /**
     * Queues a read of {@code target.remaining()} bytes from {@code fd} at {@code fileOffset} into
     * {@code target}, starting at its position. The completion's result is the number of bytes
     * read, or a negated errno.
     *
     * @param fileOffset where to read in the file, or -1 for the file's current position
     * @throws IllegalArgumentException if {@code target} is not direct or is read-only, or
     *     {@code fd} or {@code fileOffset} is out of range
     * @throws IllegalStateException if the ring is full or released, or {@code target}'s memory is
     *     being released
     */
    void read(int fd, ByteBuffer target, long fileOffset, long userData);

    /**
     * Queues a write of {@code source.remaining()} bytes, from its position, to {@code fd} at
     * {@code fileOffset}. The completion's result is the number of bytes written, or a negated
     * errno.
     *
     * @param fileOffset where to write in the file, or -1 for the file's current position
     * @throws IllegalArgumentException if {@code source} is not direct, or {@code fd} or
     *     {@code fileOffset} is out of range
     * @throws IllegalStateException if the ring is full or released, or {@code source}'s memory is
     *     being released
     */
    void write(int fd, ByteBuffer source, long fileOffset, long userData);

    /**
     * Hands every queued operation to the kernel.
     *
     * @return how many operations the kernel took
     * @throws IoUringException if {@code io_uring_enter} fails
     * @throws IllegalStateException if the ring is released
     */
    int submit();

    /**
     * Takes the completions that are ready, without waiting.
     *
     * @return the completions in the order the kernel posted them; empty if none is ready
     * @throws IllegalStateException if the ring is released
     */
    List<Completion> reap();

    /**
     * Submits what is queued, then waits until at least {@code minCompletions} completions are
     * ready or {@code timeout} has passed, and takes every completion that is ready.
     *
     * @return the completions taken; fewer than {@code minCompletions} if the timeout passed
     * @throws IllegalArgumentException if {@code minCompletions} exceeds {@link #inFlight()}
     * @throws IoUringException if {@code io_uring_enter} fails
     * @throws IllegalStateException if the ring is released, also while waiting
     */
    List<Completion> await(int minCompletions, Duration timeout);
}
