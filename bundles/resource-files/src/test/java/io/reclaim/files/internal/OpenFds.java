package io.reclaim.files.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The descriptors this JVM really has open on the files of a test, as the kernel lists them in
 * {@code /proc/self/fd}. Only descriptors on files under the test's directory count: the JVM's own
 * threads open files of their own at any moment (jars, cgroup statistics), and they would make an
 * exact count of everything flaky.
 */
final class OpenFds {

    private static final Path FD = Path.of("/proc/self/fd");

    private OpenFds() {
    }

    static boolean available() {
        return Files.isDirectory(FD);
    }

    /** @return how many descriptors are open on {@code dir} or anything under it */
    static int under(Path dir) {
        Path real = realPath(dir);
        try (Stream<Path> fds = Files.list(FD)) {
            return (int) fds.filter(fd -> pointsUnder(fd, real)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean pointsUnder(Path fd, Path dir) {
        try {
            return Files.readSymbolicLink(fd).startsWith(dir);
        } catch (IOException closedMeanwhile) {
            return false;
        }
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
