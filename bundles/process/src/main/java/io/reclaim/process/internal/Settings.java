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
 * @param containment {@code auto}, {@code cgroup}, {@code subreaper} or {@code none}
 * @param cgroupParent the cgroup under which Reclaim creates its own; blank for the JVM's own cgroup
 */
public record Settings(int historySize, Duration killTimeout, boolean useSetsid, int osProcessRanking,
        String containment, String cgroupParent) {

    public Settings {
        checkHistorySize(historySize);
        checkKillTimeout(killTimeout);
        containment = checkContainment(containment);
        cgroupParent = cgroupParent == null ? "" : cgroupParent.trim();
    }

    public Settings(int historySize, Duration killTimeout, boolean useSetsid, int osProcessRanking) {
        this(historySize, killTimeout, useSetsid, osProcessRanking, "auto", "");
    }

    /** @throws IllegalArgumentException unless {@code mode} is auto, cgroup, subreaper or none (any case) */
    public static String checkContainment(String mode) {
        String value = mode == null ? "auto" : mode.trim().toLowerCase(java.util.Locale.ROOT);
        if (!value.matches("auto|cgroup|subreaper|none")) {
            throw new IllegalArgumentException("containment must be auto, cgroup, subreaper or none, got '" + mode + "'");
        }
        return value;
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
