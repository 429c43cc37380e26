package io.reclaim.sockets.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Readies the JVM for counting its sockets with {@link io.reclaim.testing.Descriptors#sockets()}. */
final class OpenSockets {

    private OpenSockets() {
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
            // opening and closing them is the point
        }
    }
}
