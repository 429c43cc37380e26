package io.reclaim.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The descriptors this JVM really has open, as the kernel lists them in {@code /proc/self/fd}.
 * The JVM's own threads open and close files at any moment (jars read by class loading, proc,
 * sys and cgroup files), so every count here leaves those out or counts only a given kind: an
 * exact count of everything would make a test flaky.
 */
public final class Descriptors {

    private static final Path FD = Path.of("/proc/self/fd");

    private Descriptors() {
    }

    /** @return whether this system lists descriptors in {@code /proc/self/fd} */
    public static boolean available() {
        return Files.isDirectory(FD);
    }

    /**
     * @return the descriptors that a resource can hold: all but jars, proc, sys, the JDK's own
     *     files and pax-exam's store of a test container
     */
    public static long resources() {
        return count(Descriptors::isResource);
    }

    /** @return what {@link #resources()} counts, as {@code fd->target}, for failure messages */
    public static List<String> resourceTargets() {
        try (Stream<Path> fds = Files.list(FD)) {
            List<String> targets = new ArrayList<>();
            fds.forEach(fd -> {
                String target = target(fd);
                if (target != null && isResource(target)) {
                    targets.add(fd.getFileName() + "->" + target);
                }
            });
            return targets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isResource(String target) {
        return !(target.endsWith(".jar") || target.startsWith("/proc/") || target.startsWith("/sys/")
                || target.startsWith("/usr/lib/jvm/") || target.contains("/ops4jstore-"));
    }

    /** @return the descriptors open on {@code path} or anything below it */
    public static long under(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count(target -> Path.of(target).startsWith(real));
    }

    /** @return the open sockets */
    public static long sockets() {
        return count(target -> target.startsWith("socket:"));
    }

    private static long count(Predicate<String> counted) {
        try (Stream<Path> fds = Files.list(FD)) {
            return fds.map(Descriptors::target).filter(target -> target != null && counted.test(target)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException closedWhileListed) {
            return null; // e.g. the listing's own descriptor
        }
    }
}
