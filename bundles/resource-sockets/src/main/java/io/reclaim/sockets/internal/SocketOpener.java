package io.reclaim.sockets.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Opens the channels: a channel whose setup fails is closed before the exception leaves, and the
 * exception names the address while keeping the JDK's type, whose own message is often only
 * "Connection refused".
 */
final class SocketOpener {

    @FunctionalInterface
    private interface Setup<C> {
        void apply(C channel) throws IOException;
    }

    private SocketOpener() {
    }

    static ServerSocketChannel listen(InetSocketAddress address) throws IOException {
        return prepare(ServerSocketChannel.open(), c -> c.bind(address), "cannot listen on " + where(address));
    }

    static SocketChannel connect(InetSocketAddress remote, int timeoutMillis) throws IOException {
        // the socket adaptor is the channel's only connect that takes a timeout
        return prepare(SocketChannel.open(), c -> c.socket().connect(remote, timeoutMillis),
                "cannot connect to " + where(remote));
    }

    static DatagramChannel udp(InetSocketAddress bind) throws IOException {
        return prepare(DatagramChannel.open(), c -> c.bind(bind), "cannot bind a UDP socket to " + where(bind));
    }

    static String where(InetSocketAddress address) {
        return address == null ? "a free port" : address.getHostString() + ":" + address.getPort();
    }

    private static <C extends NetworkChannel> C prepare(C channel, Setup<C> setup, String action) throws IOException {
        try {
            setup.apply(channel);
            return channel;
        } catch (IOException e) {
            closeAfterFailure(channel, e);
            throw explained(action, e);
        } catch (RuntimeException | Error e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    private static void closeAfterFailure(NetworkChannel channel, Throwable failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static IOException explained(String action, IOException e) {
        String message = action + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        IOException clear;
        if (e instanceof BindException) {
            clear = new BindException(message);
        } else if (e instanceof ConnectException) {
            clear = new ConnectException(message);
        } else if (e instanceof NoRouteToHostException) {
            clear = new NoRouteToHostException(message);
        } else if (e instanceof SocketTimeoutException) {
            clear = new SocketTimeoutException(message);
        } else if (e instanceof UnknownHostException) {
            clear = new UnknownHostException(message);
        } else {
            return new IOException(message, e);
        }
        clear.initCause(e);
        return clear;
    }
}
