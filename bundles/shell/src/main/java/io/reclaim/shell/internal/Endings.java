package io.reclaim.shell.internal;

import io.reclaim.api.ProcessInfo;

/** How a process ended, in the words of {@code reclaim:history}. */
final class Endings {

    private Endings() {
    }

    /**
     * @return {@code terminated}, {@code forced}, {@code exited with code N}, {@code shutdown}, {@code orphan of an earlier run}, or
     *     the state in lower case while the process has not ended
     */
    static String describe(ProcessInfo info) {
        if (info.ending() == null) {
            return info.state().name().toLowerCase(java.util.Locale.ROOT);
        }
        return switch (info.ending()) {
            case TERMINATED -> "terminated";
            case FORCED -> "forced";
            case EXITED -> info.exitCode() == null ? "exited" : "exited with code " + info.exitCode();
            case SHUTDOWN -> "shutdown";
            case ORPHAN -> "orphan of an earlier run";
        };
    }
}
