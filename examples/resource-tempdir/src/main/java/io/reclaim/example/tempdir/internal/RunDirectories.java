package io.reclaim.example.tempdir.internal;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One directory per JVM run under the root, named {@code <OS pid>-<start time in epoch ms>}. The
 * start time tells a JVM that is still running from a later process that got the same OS pid.
 */
final class RunDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectories.class);

    private static final Pattern RUN = Pattern.compile("(\\d{1,18})-(\\d{1,18})");

    private RunDirectories() {
    }

    /**
     * Deletes the run directories of JVMs that are gone, then creates this JVM's.
     *
     * @return this JVM's run directory
     */
    static Path open(Path root) throws IOException {
        Files.createDirectories(root);
        sweepDeadRuns(root);
        return Files.createDirectories(root.resolve(nameOf(ProcessHandle.current())));
    }

    static String nameOf(ProcessHandle process) {
        return process.pid() + "-" + startMillis(process);
    }

    /** Deletes this run's directory if nothing is left in it. */
    static void closeQuietly(Path run) {
        try {
            Files.deleteIfExists(run);
        } catch (DirectoryNotEmptyException e) {
            LOG.warn("tempdir: {} still holds entries that were not deleted; left in place", run);
        } catch (IOException e) {
            LOG.warn("tempdir: cannot delete {}: {}", run, e.toString());
        }
    }

    private static void sweepDeadRuns(Path root) throws IOException {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path run : runs) {
                if (isDead(run.getFileName().toString())) {
                    long bytes = DirectoryTrees.sizeOf(run);
                    try {
                        DirectoryTrees.delete(run);
                        LOG.info("tempdir: deleted {} ({} bytes), left by a JVM that is gone", run, bytes);
                    } catch (IOException e) {
                        // one stubborn leftover must not keep the resource type from starting
                        LOG.warn("tempdir: cannot delete {}, left by a JVM that is gone: {}", run, e.toString());
                    }
                }
            }
        }
    }

    private static boolean isDead(String name) {
        Matcher run = RUN.matcher(name);
        if (!run.matches()) {
            return false; // not a run directory: not ours to delete
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(run.group(1)));
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        long start = startMillis(process.get());
        // a known, different start time: the pid now belongs to a later process
        return start != 0 && start != Long.parseLong(run.group(2));
    }

    /** @return the start time in epoch ms, or 0 where the OS does not tell */
    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
