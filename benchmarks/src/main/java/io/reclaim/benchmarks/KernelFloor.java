package io.reclaim.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.sun.jna.Native;

/**
 * The kernel's floor under {@link CleanupVsRawClose}: the same 1,000 descriptors (500 files opened
 * read-only, 500 UDP sockets bound to a free loopback port), opened through {@code open(2)},
 * {@code socket(2)} and {@code bind(2)} before every invocation, and closed through
 * {@code close(2)} alone, sockets first as the rankings order them. The calls go through JNA's
 * direct mapping, its cheapest way into C, so what is left above this line in
 * {@code rawClose} is NIO's and in {@code reclaimTerminate} Reclaim's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class KernelFloor {

    /** The C calls, bound once by JNA's direct mapping. */
    static final class C {
        static final int O_RDONLY = 0;
        static final int AF_INET = 2;
        static final int SOCK_DGRAM = 2;

        static {
            Native.register("c");
        }

        static native int open(String path, int flags);

        static native int socket(int domain, int type, int protocol);

        static native int bind(int fd, byte[] address, int length);

        static native int close(int fd);

        private C() {
        }
    }

    /** {@code struct sockaddr_in} for 127.0.0.1, port 0 (any free one). */
    private static final byte[] LOOPBACK_ANY_PORT = {C.AF_INET, 0, 0, 0, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};

    @State(Scope.Thread)
    public static class Descriptors {
        Path directory;
        String[] paths;
        final int[] files = new int[CleanupVsRawClose.FILES];
        final int[] sockets = new int[CleanupVsRawClose.SOCKETS];

        @Setup(Level.Trial)
        public void files() throws IOException {
            directory = Files.createTempDirectory("reclaim-floor-");
            paths = new String[files.length];
            for (int i = 0; i < files.length; i++) {
                paths[i] = Files.write(directory.resolve("file-" + i), new byte[] {1}).toString();
            }
        }

        @Setup(Level.Invocation)
        public void open() {
            for (int i = 0; i < files.length; i++) {
                files[i] = check(C.open(paths[i], C.O_RDONLY), "open " + paths[i]);
            }
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = check(C.socket(C.AF_INET, C.SOCK_DGRAM, 0), "socket");
                check(C.bind(sockets[i], LOOPBACK_ANY_PORT, LOOPBACK_ANY_PORT.length), "bind");
            }
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            try (Stream<Path> list = Files.list(directory)) {
                for (Path path : (Iterable<Path>) list::iterator) {
                    Files.delete(path);
                }
            }
            Files.delete(directory);
        }
    }

    @Benchmark
    public int syscallClose(Descriptors fds) {
        int closed = 0;
        for (int fd : fds.sockets) {
            closed += C.close(fd) == 0 ? 1 : 0;
        }
        for (int fd : fds.files) {
            closed += C.close(fd) == 0 ? 1 : 0;
        }
        if (closed != fds.files.length + fds.sockets.length) {
            throw new IllegalStateException("closed " + closed + " descriptors of " + (fds.files.length + fds.sockets.length));
        }
        return closed;
    }

    private static int check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException(what + " failed: errno " + Native.getLastError());
        }
        return result;
    }
}
