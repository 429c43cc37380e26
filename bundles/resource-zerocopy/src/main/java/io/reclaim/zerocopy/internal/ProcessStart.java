package io.reclaim.zerocopy.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who an OS process is: its pid and its start time. A pid alone is not enough to tell whether
 * the process that wrote a ring file still runs, because pids are reused.
 *
 * <p>On Linux the start time is read from {@code /proc/<pid>/stat} in clock ticks after boot, an
 * exact number that two processes read alike. Elsewhere it is {@link ProcessHandle}'s start
 * instant in epoch milliseconds.
 *
 * @param pid the OS pid
 * @param startTime when it started, in {@code clock}
 * @param clock {@link #BOOT_TICKS} or {@link #EPOCH_MILLIS}
 */
record ProcessStart(long pid, long startTime, int clock) {

    static final int BOOT_TICKS = 1;
    static final int EPOCH_MILLIS = 2;

    /** Field 22 of {@code /proc/<pid>/stat}, counted from field 3, the first after the command name. */
    private static final int STARTTIME_AFTER_COMMAND = 22 - 3;

    private static final Path PROC = Path.of("/proc");

    static ProcessStart current() {
        long pid = ProcessHandle.current().pid();
        return of(pid).orElseThrow(() -> new IllegalStateException("the start time of this JVM (pid " + pid + ") cannot be read"));
    }

    /** @return the process now running under {@code pid}, or empty if none runs (a zombie does not count) */
    static Optional<ProcessStart> of(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        if (Files.isDirectory(PROC.resolve("self"))) {
            return fromProc(pid);
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(handle -> handle.info().startInstant())
                .map(start -> new ProcessStart(pid, start.toEpochMilli(), EPOCH_MILLIS));
    }

    private static Optional<ProcessStart> fromProc(long pid) {
        String stat;
        try {
            stat = readStat(pid);
        } catch (IOException e) {
            return Optional.empty(); // no such process
        }
        // the command name is in parentheses and may itself hold spaces and parentheses
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        if (fields.length <= STARTTIME_AFTER_COMMAND || "Z".equals(fields[0]) || "X".equals(fields[0])) {
            return Optional.empty(); // dead, only waiting to be reaped: it maps nothing any more
        }
        return Optional.of(new ProcessStart(pid, Long.parseLong(fields[STARTTIME_AFTER_COMMAND]), BOOT_TICKS));
    }

    /** @return whether the process this describes is still the one running under its pid */
    boolean isRunning() {
        return of(pid).map(now -> now.clock != clock || now.startTime == startTime).orElse(false);
    }

    /*
     * Through FileInputStream, not Files: NIO reads into heap buffers go through a temporary
     * direct buffer that the JDK then caches for the life of the reading thread, which would
     * leave direct memory behind on every cleanup or reaper thread that ever read a stat.
     */
    private static String readStat(long pid) throws IOException {
        try (FileInputStream in = new FileInputStream(PROC.resolve(Long.toString(pid)).resolve("stat").toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
