package io.reclaim.zerocopy.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;

/** Ring files as other JVMs leave them, and what the kernel says this JVM maps. */
final class RingFilesForTest {

    private RingFilesForTest() {
    }

    /** Writes a complete ring file, as the JVM {@code creator} would have created it, and leaves it. */
    static Path leftBehind(Path directory, String name, ProcessStart creator) throws IOException {
        int capacity = 1024;
        byte[] bytes = new byte[(int) RingLayout.fileLength(capacity)];
        RingHeader.write(new UnsafeBuffer(bytes), creator, capacity);
        return Files.write(RingFiles.file(directory, name), bytes);
    }

    /** @return a pid no process can have: the kernel hands out pids below {@code pid_max} */
    static long impossiblePid() throws IOException {
        return Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).trim());
    }

    static long mappingsOf(Path file) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.contains(file.toString())).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
