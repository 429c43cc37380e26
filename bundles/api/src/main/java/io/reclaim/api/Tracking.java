package io.reclaim.api;

import java.util.Locale;

/**
 * How much a resource type records about where its resources were acquired; a setting per type.
 * Like the sampling levels of a leak detector: {@link #OFF} costs nothing, {@link #SAMPLED}
 * records one acquisition in N (cheap enough for production), {@link #ALL} records every one
 * (for tests and for hunting a leak).
 */
public enum Tracking {
    OFF, SAMPLED, ALL;

    /** Service/configuration property of a resource type's component: {@code off}, {@code sampled} or {@code all}. */
    public static final String PROPERTY = "reclaim.tracking";

    /** Property: record one acquisition in this many when {@link #SAMPLED}. */
    public static final String SAMPLE_PROPERTY = "reclaim.tracking.sample";

    /**
     * One in this many acquisitions is recorded when sampled. A recorded site costs a few
     * microseconds (a native stack walk; names and lines are resolved only when a site is read),
     * so 1 in 256 keeps sampled acquisition within the 1.2 of untracked acquisition that the
     * AcquisitionTracking benchmark checks, while a leak repeated a few hundred times is still
     * named with its site.
     */
    public static final int DEFAULT_SAMPLE = 256;

    /**
     * @param text {@code off}, {@code sampled} or {@code all}, any case
     * @throws IllegalArgumentException naming the accepted values, for anything else
     */
    public static Tracking parse(String text) {
        if (text != null) {
            for (Tracking tracking : values()) {
                if (tracking.name().equalsIgnoreCase(text.trim())) {
                    return tracking;
                }
            }
        }
        throw new IllegalArgumentException("tracking must be off, sampled or all, not '" + text + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
