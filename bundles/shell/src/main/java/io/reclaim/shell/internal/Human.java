package io.reclaim.shell.internal;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them in a table: {@code 3s}, {@code 2m10s}, {@code 1.4ms}. */
public final class Human {

    private Human() {
    }

    /**
     * How long something has been alive, to the second: {@code 0s}, {@code 3s}, {@code 2m10s},
     * {@code 1h5m}, {@code 2d3h}. Negative durations (clock steps) read as {@code 0s}.
     */
    public static String age(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d" + seconds % 86_400 / 3600 + "h";
    }

    /**
     * A configured period such as a timeout: whole seconds as {@link #age} reads them
     * ({@code 10s}, {@code 1m30s}), anything finer as {@link #elapsed} ({@code 500ms}, {@code 2.50s}).
     */
    public static String period(Duration period) {
        return period.getNano() == 0 ? age(period) : elapsed(period);
    }

    /**
     * How long an operation took, precise where it is short: {@code 850us}, {@code 1.4ms},
     * {@code 120ms}, {@code 5.02s}, then as {@link #age}.
     */
    public static String elapsed(Duration elapsed) {
        if (elapsed.getSeconds() >= 60) {
            return age(elapsed);
        }
        long nanos = Math.max(0, elapsed.toNanos());
        if (nanos < 1_000_000) {
            return nanos / 1000 + "us";
        }
        if (nanos < 10_000_000) {
            return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
        }
        if (nanos < 1_000_000_000) {
            return nanos / 1_000_000 + "ms";
        }
        return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
}
