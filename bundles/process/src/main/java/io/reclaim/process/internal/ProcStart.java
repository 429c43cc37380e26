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
 * Who an OS process is, from {@code /proc/<pid>/stat}: its pid, its session and its start time
 * (field 22, clock ticks after boot). A pid number alone may name an unrelated process that got it
 * later; the pid together with the start time cannot.
 *
 * @param pid the OS pid
 * @param state the state letter; Z and X mean exited and waiting to be reaped
 * @param session field 6, the session id
 * @param startTime field 22
 */
record ProcStart(long pid, char state, long session, long startTime) {

    private static final Path PROC = Path.of("/proc");
    /** Fields 3 (state), 6 (session) and 22 (start time), counted from field 3, the first after the command. */
    private static final int STATE = 0;
    private static final int SESSION = 6 - 3;
    private static final int START_TIME = 22 - 3;

    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** @return the process under {@code pid} now, or empty if none (or no /proc) */
    static Optional<ProcStart> read(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try (FileInputStream in = new FileInputStream(PROC.resolve(Long.toString(pid)).resolve("stat").toFile())) {
            return Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The command sits in parentheses and may hold spaces and parentheses: fields are read after the last ')'. */
    static ProcStart parse(String line) {
        int open = line.indexOf(" (");
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        String[] fields = line.substring(close + 2).trim().split(" ");
        return new ProcStart(Long.parseLong(line.substring(0, open).trim()), fields[STATE].charAt(0),
                Long.parseLong(fields[SESSION]), Long.parseLong(fields[START_TIME]));
    }

    /** @return every process now in session {@code session}; those that vanish while read are left out */
    static List<ProcStart> inSession(long session) {
        List<ProcStart> members = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcStart::isPid)) {
            for (Path entry : entries) {
                read(Long.parseLong(entry.getFileName().toString()))
                        .filter(stat -> stat.session == session)
                        .ifPresent(members::add);
            }
        } catch (IOException e) {
            // no /proc: nothing found
        }
        return members;
    }

    boolean exited() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /** @return whether the same process still runs under this pid (not exited, same start time) */
    boolean stillRunning() {
        return read(pid).filter(now -> now.startTime == startTime && !now.exited()).isPresent();
    }

    private static boolean isPid(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
