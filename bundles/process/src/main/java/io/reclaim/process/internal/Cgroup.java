package io.reclaim.process.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup of one OS child. The child writes itself into {@code cgroup.procs} before it execs
 * the command, so everything it ever starts is a member, also a daemon that double-forks and
 * starts its own session. Ending it costs the same however many other children are alive: one
 * write to {@code cgroup.kill} and a wait for {@code cgroup.events} to say {@code populated 0}; no
 * walk of the host's processes.
 */
final class Cgroup {

    private final Path path;
    private final boolean canKill;

    Cgroup(Path path, boolean canKill) {
        this.path = path;
        this.canKill = canKill;
    }

    Path path() {
        return path;
    }

    /** The file a process writes its own pid to, to enter. */
    Path procsFile() {
        return path.resolve("cgroup.procs");
    }

    /** Sets {@code memory.max} and {@code pids.max}; {@code null} leaves one unlimited. */
    void limit(String memoryMax, String pidsMax) throws IOException {
        if (memoryMax != null) {
            CgroupFiles.write(path.resolve("memory.max"), memoryMax);
        }
        if (pidsMax != null) {
            CgroupFiles.write(path.resolve("pids.max"), pidsMax);
        }
    }

    /** @return the pids of the members now; empty once the cgroup is empty or gone */
    List<Long> members() {
        String text = read("cgroup.procs");
        List<Long> pids = new ArrayList<>();
        if (text == null) {
            return pids;
        }
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i > start) {
                    pids.add(Long.parseLong(text, start, i, 10));
                }
                start = i + 1;
            }
        }
        return pids;
    }

    /** A process that exited leaves its cgroup at once, before anyone reaps its zombie. */
    boolean isPopulated() {
        String events = read("cgroup.events");
        return events != null && events.contains("populated 1");
    }

    /**
     * SIGKILLs every member and waits until none is left: {@code cgroup.kill} where the kernel has
     * it (5.14+), else the cgroup is frozen so that nothing can fork, and every member is killed
     * until it is empty.
     *
     * @return the members still alive after {@code timeout}; empty if the cgroup is empty
     */
    List<Long> kill(Duration timeout) {
        long deadline = System.nanoTime() + OsProcesses.nanos(timeout);
        Backoff backoff = new Backoff();
        if (canKill) {
            write("cgroup.kill", "1");
        } else {
            write("cgroup.freeze", "1");
        }
        try {
            while (isPopulated()) {
                if (!canKill) {
                    for (long member : members()) {
                        ProcessHandle.of(member).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                if (!backoff.pause(deadline)) {
                    return members();
                }
            }
            return List.of();
        } finally {
            backoff.done();
        }
    }

    /** Removes the cgroup; it must be empty. */
    void remove() throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException gone) {
            // removed already
        }
    }

    /** @return {@code memory.current} in bytes, or -1 without the memory controller */
    long memoryCurrent() {
        return number("memory.current");
    }

    /** @return {@code pids.current}, or -1 without the pids controller */
    long pidsCurrent() {
        return number("pids.current");
    }

    /** @return the CPU time of every member, ever, from {@code cpu.stat usage_usec}; -1 if unreadable */
    long cpuMicros() {
        String stat = read("cpu.stat");
        if (stat == null) {
            return -1;
        }
        for (String line : stat.split("\n")) {
            if (line.startsWith("usage_usec ")) {
                return Long.parseLong(line.substring(11).trim());
            }
        }
        return -1;
    }

    private long number(String file) {
        String text = read(file);
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String read(String file) {
        try {
            return CgroupFiles.read(path.resolve(file));
        } catch (IOException e) {
            return null;
        }
    }

    private void write(String file, String value) {
        try {
            CgroupFiles.write(path.resolve(file), value);
        } catch (IOException e) {
            // gone already, or the kernel lacks the file: the wait below says whether it is empty
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
