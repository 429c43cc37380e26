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
 * @param shutdownGrace how long the processes still running when the manager closes (the framework
 *     or the JVM stops) get after SIGTERM, all together, before they are killed
 * @param orphanGrace how long the OS processes an earlier run left get after SIGTERM before they are killed
 */
public record Settings(int historySize, Duration killTimeout, boolean useSetsid, int osProcessRanking,
        String containment, String cgroupParent, Duration shutdownGrace, Duration orphanGrace) {

    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofSeconds(2);

    public Settings {
        checkHistorySize(historySize);
        checkKillTimeout(killTimeout);
        containment = checkContainment(containment);
        cgroupParent = cgroupParent == null ? "" : cgroupParent.trim();
        checkGrace("shutdown grace", shutdownGrace);
        checkGrace("orphan grace", orphanGrace);
    }

    public Settings(int historySize, Duration killTimeout, boolean useSetsid, int osProcessRanking) {
        this(historySize, killTimeout, useSetsid, osProcessRanking, "auto", "", DEFAULT_SHUTDOWN_GRACE,
                DEFAULT_ORPHAN_GRACE);
    }

    /** @throws IllegalArgumentException unless {@code mode} is auto, cgroup, subreaper or none (any case) */
    public static String checkContainment(String mode) {
        String value = mode == null ? "auto" : mode.trim().toLowerCase(java.util.Locale.ROOT);
        if (!value.matches("auto|cgroup|subreaper|none")) {
            throw new IllegalArgumentException("containment must be auto, cgroup, subreaper or none, got '" + mode + "'");
        }
        return value;
    }

    public static Duration checkGrace(String what, Duration grace) {
        Objects.requireNonNull(grace, what);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the " + what + " must not be negative, got " + grace);
        }
        return grace;
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
