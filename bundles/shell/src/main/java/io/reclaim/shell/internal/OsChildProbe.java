package io.reclaim.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Tells whether the OS child of a managed process is still there. */
@FunctionalInterface
interface OsChildProbe {

    /** @return why the OS process is gone ({@code exited}, {@code zombie}), or empty while it lives */
    Optional<String> gone(long osPid);

    /**
     * The live system: a process is gone when {@link ProcessHandle} no longer finds it, or when
     * {@code /proc/<pid>/stat} shows it as a zombie (state {@code Z}): it has exited and only
     * waits for its parent, holding nothing.
     */
    static OsChildProbe system() {
        return osPid -> {
            Optional<ProcessHandle> handle = ProcessHandle.of(osPid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return Optional.of("exited");
            }
            return state(osPid) == 'Z' ? Optional.of("zombie") : Optional.empty();
        };
    }

    /**
     * @return the state letter of {@code /proc/<pid>/stat} (R, S, D, Z, ...), or {@code '?'} where
     *     there is no {@code /proc} or the process vanished
     */
    static char state(long osPid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(osPid), "stat"));
            // the command name sits in parentheses and may hold spaces and ')': the state follows the last ')'
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() ? '?' : stat.charAt(close + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }
}
