package io.reclaim.process.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few fields of {@code /proc/<pid>/stat} the process manager needs (Linux).
 *
 * @param pid the OS pid
 * @param state the state letter: R, S, D, Z (zombie), X (dead), ...
 * @param ppid the parent's pid
 * @param pgrp the process group
 * @param session the session
 * @param threads how many threads it has
 * @param startTime when it started, in clock ticks after boot: with the pid, it names one process
 */
record ProcStat(long pid, char state, long ppid, long pgrp, long session, long threads, long startTime) {

    private static final Path PROC = Path.of("/proc");

    /** @return whether this system has {@code /proc} to read */
    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** @return the process's stat, or empty if it is gone (or unreadable) */
    static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(readStat(pid)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses one stat line. The command name sits in parentheses and may itself contain spaces
     * and parentheses, so the fields are read after the last ')'.
     */
    static ProcStat parse(String line) {
        int open = line.indexOf(" (");
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        String[] fields = line.substring(close + 2).trim().split(" ");
        return new ProcStat(Long.parseLong(line.substring(0, open).trim()), fields[0].charAt(0),
                Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]),
                fields.length > 17 ? Long.parseLong(fields[17]) : 1, fields.length > 19 ? Long.parseLong(fields[19]) : 0);
    }

    /** @return every process of the system; the ones that vanish while being read are left out */
    static List<ProcStat> all() {
        List<ProcStat> all = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcStat::isPidDirectory)) {
            for (Path entry : entries) {
                read(Long.parseLong(entry.getFileName().toString())).ifPresent(all::add);
            }
        } catch (IOException e) {
            // no /proc: callers fall back to ProcessHandle alone
        }
        return all;
    }

    /** A zombie has exited and only waits for its parent to reap it: it holds nothing any more. */
    boolean isZombie() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    private static boolean isPidDirectory(Path path) {
        String name = path.getFileName().toString();
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
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
