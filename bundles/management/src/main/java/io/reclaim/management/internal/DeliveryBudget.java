package io.reclaim.management.internal;

import java.util.concurrent.TimeUnit;

/**
 * How much of its time the event publisher may spend delivering: a bucket of delivery time that
 * fills at the given share of the time that passes and holds at most a second's worth. Each
 * delivery is charged what it took; when the bucket runs dry, the publisher waits until it is
 * refilled, and the events meanwhile wait in its queue. A share of 100% never waits.
 *
 * <p>The clock is the caller's ({@link System#nanoTime()} in the publisher), so the arithmetic is
 * tested without sleeping. Only the publisher's thread uses an instance.
 */
final class DeliveryBudget {

    private static final long REFILL_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final double share;
    private final long most;
    private long credit;
    private long refilledAt;

    /**
     * @param percent the share of the time delivery may take, 1 to 100
     * @param now the caller's clock, in nanoseconds
     * @throws IllegalArgumentException for a share outside 1 to 100
     */
    DeliveryBudget(int percent, long now) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("the delivery share is a percentage from 1 to 100, not " + percent);
        }
        this.share = percent / 100.0;
        this.most = (long) (REFILL_WINDOW_NANOS * share);
        this.credit = most;
        this.refilledAt = now;
    }

    /**
     * Charges one delivery.
     *
     * @param start when it began, on the caller's clock
     * @param end when it returned
     * @return how long to wait before the next delivery, in nanoseconds; 0 for no wait
     */
    long charge(long start, long end) {
        credit = Math.min(most, credit + (long) ((end - refilledAt) * share));
        refilledAt = end;
        credit -= end - start;
        return credit >= 0 ? 0 : (long) Math.ceil(-credit / share);
    }
}
