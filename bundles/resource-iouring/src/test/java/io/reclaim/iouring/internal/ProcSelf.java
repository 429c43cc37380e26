package io.reclaim.iouring.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the kernel says this JVM holds: open fds and io_uring mappings. */
final class ProcSelf {

    private ProcSelf() {
    }

    static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            // less what the JVM opens and closes by itself at any moment: jars, proc and sys files
            return fds.filter(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return !(target.endsWith(".jar") || target.startsWith("/proc/") || target.startsWith("/sys/")
                            || target.startsWith("/usr/lib/jvm/"));
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long ioUringMappings() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.contains("io_uring")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
