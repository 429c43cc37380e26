package io.reclaim.sockets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import io.reclaim.sockets.internal.SocketManagerImpl;

/**
 * Opens sockets on behalf of managed processes: TCP listeners, TCP connections (outgoing and
 * accepted) and UDP sockets, all real NIO channels in blocking mode. Every socket is owned by one
 * pid: only that pid may use or close it, and the cleanup of the pid closes every socket it still
 * holds. In OSGi the manager is a service; in plain Java, {@link #create(ProcessGate)} makes one.
 *
 * <pre>{@code
 * Lease<ServerSocketChannel> server = sockets.listen(pid, new InetSocketAddress("127.0.0.1", 0));
 * int port = sockets.port(pid, server);
 * Lease<SocketChannel> client = sockets.accept(pid, server);   // blocks until a peer connects
 * client.resource(pid).write(reply);
 * sockets.close(pid, client);
 * }</pre>
 *
 * <p>Every acquisition fails with {@link ProcessNotRunningException} once the pid is no longer
 * running, and with {@link IllegalStateException} once the manager is stopped; nothing is left
 * open or tracked by a failed call. Failures of the network keep their JDK type
 * ({@link java.net.BindException}, {@link java.net.ConnectException}, ...) and name the address.
 */
@ProviderType
public interface SocketManager {

    /** The resource type, {@value}. */
    String TYPE = "sockets";

    /**
     * Opens a TCP listener for {@code pid}.
     *
     * @param address where to listen; port 0 picks a free port, {@code null} a free port on
     *     every interface
     * @throws java.net.BindException if the address is in use or not local
     */
    Lease<ServerSocketChannel> listen(Pid pid, InetSocketAddress address) throws IOException;

    /**
     * Opens a TCP connection for {@code pid}, waiting at most the configured connect timeout.
     *
     * @throws java.net.UnknownHostException if {@code remote} cannot be resolved; nothing is opened
     * @throws java.net.ConnectException if the remote side refuses
     * @throws java.net.SocketTimeoutException if the remote side does not answer in time
     */
    Lease<SocketChannel> connect(Pid pid, InetSocketAddress remote) throws IOException;

    /**
     * Waits for the next connection on a listener of {@code pid}. The connection belongs to
     * {@code pid}, the listener's owner.
     *
     * @throws WrongOwnerException if {@code pid} does not own the listener; nothing waits
     * @throws IllegalStateException if the listener is closed or in non-blocking mode
     * @throws ProcessNotRunningException if the pid stops running, also while this call waits
     * @throws IOException if the listener is closed while this call waits
     */
    Lease<SocketChannel> accept(Pid pid, Lease<ServerSocketChannel> listener) throws IOException;

    /**
     * Opens a UDP socket for {@code pid}.
     *
     * @param bind the local address; port 0 picks a free port, {@code null} a free port on every
     *     interface
     */
    Lease<DatagramChannel> udp(Pid pid, InetSocketAddress bind) throws IOException;

    /**
     * @return the local address a socket of {@code pid} is bound to
     * @throws WrongOwnerException if {@code pid} does not own the socket
     * @throws IllegalStateException if the socket is closed
     */
    InetSocketAddress localAddress(Pid pid, Lease<? extends NetworkChannel> handle) throws IOException;

    /** @return the local port of a socket of {@code pid}, e.g. the port a listener got for port 0 */
    default int port(Pid pid, Lease<? extends NetworkChannel> handle) throws IOException {
        return localAddress(pid, handle).getPort();
    }

    /**
     * Closes a socket of any kind and stops tracking it.
     *
     * @throws WrongOwnerException if {@code pid} does not own the socket; it stays open
     * @throws IllegalStateException if the socket is already closed
     * @throws IOException if closing failed; the socket is no longer tracked either way
     */
    void close(Pid pid, Lease<? extends NetworkChannel> handle) throws IOException;


    /**
     * A manager for plain Java, with a connect timeout of 10 seconds. Hand its
     * {@code cleanupHandler()} to the orchestrator, with {@link ResourceCleanup#RANKING_SOCKETS} as
     * its ranking.
     *
     * @param gate tells which pids may open sockets
     */
    static CloseableSocketManager create(ProcessGate gate) {
        return new SocketManagerImpl.Embedded(gate, Duration.ofMillis(SocketManagerImpl.DEFAULT_CONNECT_TIMEOUT_MS));
    }

    /**
     * A manager for plain Java.
     *
     * @param connectTimeout how long {@link #connect} waits; zero waits as long as the operating
     *     system does
     * @throws IllegalArgumentException if {@code connectTimeout} is negative or longer than
     *     {@link Integer#MAX_VALUE} milliseconds
     */
    static CloseableSocketManager create(ProcessGate gate, Duration connectTimeout) {
        return new SocketManagerImpl.Embedded(gate, connectTimeout);
    }
}
