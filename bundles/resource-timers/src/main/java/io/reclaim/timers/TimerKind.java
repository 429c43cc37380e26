package io.reclaim.timers;

/** How a {@link Timer} repeats. */
public enum TimerKind {

    /** Fires once after its delay, then is no longer tracked. */
    ONE_SHOT,

    /** Fires every period, measured from the first firing's planned time; a late firing is not repeated. */
    FIXED_RATE,

    /** Fires again one period after each firing ends. */
    FIXED_DELAY
}
