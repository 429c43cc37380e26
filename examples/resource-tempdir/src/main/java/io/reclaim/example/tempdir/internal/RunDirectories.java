package io.reclaim.example.tempdir.internal;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One directory per JVM run under the root, named {@code <OS pid>-<start time in epoch ms>}, so
 * that JVMs sharing a root never pick the same name. What a JVM that died leaves is found through
 * the journal, not by looking at the names: {@link TempDirReclaimer}.
 */
final class RunDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectories.class);

    private static final Pattern RUN = Pattern.compile("(\\d{1,18})-(\\d{1,18})");

    private RunDirectories() {
    }

    /** @return this JVM's run directory, created */
    static Path open(Path root) throws IOException {
        Files.createDirectories(root);
        return Files.createDirectories(root.resolve(nameOf(ProcessHandle.current())));
    }

    /** @return whether {@code directory} is named as a run directory is */
    static boolean isRun(Path directory) {
        Path name = directory.getFileName();
        return name != null && RUN.matcher(name.toString()).matches();
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

    /** @return the start time in epoch ms, or 0 where the OS does not tell */
    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
