package io.reclaim.process.internal;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads and writes the small text files of {@code /proc} and cgroupfs through the old streams,
 * not {@code Files}: NIO copies a heap buffer through a temporary direct buffer that the JDK then
 * caches for the life of the thread, which would leave direct memory behind on every cleanup
 * thread that ever wrote {@code cgroup.kill}.
 */
final class CgroupFiles {

    private CgroupFiles() {
    }

    static String read(Path file) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Writes {@code value} in one {@code write}, as cgroupfs expects. */
    static void write(Path file, String value) throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            out.write(value.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
