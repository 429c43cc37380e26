package io.reclaim.timers.internal;

import java.time.Duration;
import java.util.Objects;

import io.reclaim.timers.TimerManager;

/** Checks of a timer's delay and period, before anything is tracked or scheduled. */
final class TimerArguments {

    private TimerArguments() {
    }

    /** @return the delay in nanoseconds: zero or more, at most {@link TimerManager#MAX_DELAY} */
    static long delay(String what, Duration delay) {
        Objects.requireNonNull(delay, "a " + what + " is required");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a timer's " + what + " cannot be negative, got " + delay);
        }
        if (delay.compareTo(TimerManager.MAX_DELAY) > 0) {
            throw new IllegalArgumentException("a timer's " + what + " can be at most " + TimerManager.MAX_DELAY
                    + ", got " + delay);
        }
        return delay.toNanos();
    }

    /** @return the period in nanoseconds: positive, at most {@link TimerManager#MAX_DELAY} */
    static long period(Duration period) {
        Objects.requireNonNull(period, "a period is required");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a timer's period must be positive, got " + period);
        }
        return delay("period", period);
    }
}
