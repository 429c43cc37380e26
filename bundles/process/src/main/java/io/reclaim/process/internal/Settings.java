package io.reclaim.process.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one process manager, from the builder or from Configuration Admin.
 *
 * @param historySize how many terminated processes are remembered, at least 1
 * @param killTimeout how long the os-process handler waits for a killed tree to be gone
 * @param useSetsid whether OS children start in their own session when {@code setsid} is installed
 * @param osProcessRanking the ranking of the os-process handler
 */
public record Settings(int historySize, Duration killTimeout, boolean useSetsid, int osProcessRanking) {

    public Settings {
        checkHistorySize(historySize);
        checkKillTimeout(killTimeout);
    }

    public static int checkHistorySize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the history size must be at least 1, got " + size);
        }
        return size;
    }

    public static Duration checkKillTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "kill timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the kill timeout must be positive, got " + timeout);
        }
        return timeout;
    }
}
