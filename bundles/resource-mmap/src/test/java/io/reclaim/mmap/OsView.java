package io.reclaim.mmap;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** What the operating system and the JVM say this process holds. */
final class OsView {

    private OsView() {
    }

    /** @return how many regions of {@code file} /proc/self/maps lists */
    static long mappedRegionsOf(Path file) throws IOException {
        String path = file.toRealPath().toString();
        List<String> lines = Files.readAllLines(Paths.get("/proc/self/maps"));
        return lines.stream().filter(line -> line.endsWith(" " + path)).count();
    }

    /** @return how many open descriptors of this process point at {@code file} or anything below it */
    static long descriptorsOf(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.map(OsView::readLink).filter(link -> link != null && link.startsWith(target)).count();
        }
    }

    /** The JVM's pool of mapped buffers. */
    static BufferPoolMXBean mappedPool() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("mapped"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the JVM reports no 'mapped' buffer pool"));
    }

    private static Path readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException e) {
            return null; // closed between listing and reading: not ours
        }
    }
}
