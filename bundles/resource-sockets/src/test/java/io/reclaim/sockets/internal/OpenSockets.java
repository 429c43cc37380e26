package io.reclaim.sockets.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The socket descriptors this JVM really has open, as the kernel lists them in
 * {@code /proc/self/fd}. Only sockets count: the JVM's own threads open files at any moment (jars,
 * cgroup statistics), which would make an exact count of every descriptor flaky.
 */
final class OpenSockets {

    private static final Path FD = Path.of("/proc/self/fd");

    private OpenSockets() {
    }

    static boolean available() {
        return Files.isDirectory(FD);
    }

    static int count() {
        try (Stream<Path> fds = Files.list(FD)) {
            return (int) fds.filter(OpenSockets::isSocket).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * NIO keeps a socket of its own once the first channel is used (the pre-close descriptor);
     * use every kind of channel once before counting so that it is not mistaken for a leak.
     */
    static void warmUp() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept();
                DatagramChannel udp = DatagramChannel.open().bind(null)) {
            count();
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException closedMeanwhile) {
            return false;
        }
    }
}
