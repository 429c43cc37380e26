package io.reclaim.mmap;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

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

    /** The JVM's pool of mapped buffers. */
    static BufferPoolMXBean mappedPool() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("mapped"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the JVM reports no 'mapped' buffer pool"));
    }
}
