package io.reclaim.process.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Pauses that start short and double up to 10 ms: a killed process is usually gone within
 * microseconds, and a fixed 10 ms poll would make every kill cost 10 ms.
 */
final class Backoff {

    private static final long FIRST_NANOS = 20_000;
    private static final long LONGEST_NANOS = 10_000_000;

    private long next = FIRST_NANOS;
    private boolean interrupted;

    /**
     * Parks for the next pause, never past {@code deadline}; an interrupt is remembered and
     * restored by {@link #done()}, because a cleanup cut short would leave processes behind.
     *
     * @return false if the deadline has passed
     */
    boolean pause(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        LockSupport.parkNanos(Math.min(left, next));
        if (Thread.interrupted()) {
            interrupted = true;
        }
        next = Math.min(next * 2, LONGEST_NANOS);
        return true;
    }

    /** Restores an interrupt that came during the pauses. */
    void done() {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
