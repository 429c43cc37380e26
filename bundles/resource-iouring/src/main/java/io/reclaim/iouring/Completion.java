package io.reclaim.iouring;

/**
 * The result of one io_uring operation.
 *
 * @param userData the value the operation was queued with
 * @param result what the kernel answered: for {@code READ} and {@code WRITE} the byte count, for
 *     {@code NOP} 0, or a negated errno if the operation failed
 */
public record Completion(long userData, int result) {

    /** @return whether the operation succeeded */
    public boolean succeeded() {
        return result >= 0;
    }

    /** @return the errno of a failed operation, or 0 if it succeeded */
    public int errno() {
        return result < 0 ? -result : 0;
    }
}
