package io.reclaim.sockets.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.framework.BundleContext;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ReleaseFailedException;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.sockets.SocketManager;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.sockets.CloseableSocketManager;

/**
 * The {@link SocketManager}: every kind of socket in one ledger of {@link NetworkChannel}s. The
 * channel's class tells its kind, so a tracked socket costs only its lease.
 */
@Component(name = "io.reclaim.sockets", service = SocketManager.class, immediate = true)
@ResourceType(reclaim_resource_type = SocketManager.TYPE, service_ranking = ResourceCleanup.RANKING_SOCKETS)
@Designate(ocd = SocketsConfiguration.class)
public class SocketManagerImpl extends ResourceManagerSupport<NetworkChannel> implements SocketManager {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SocketManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    private final ProcessGate gate;
    private volatile int connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MS;

    /** Plain Java; see {@link SocketManager#create(ProcessGate)}. */
    public SocketManagerImpl(ProcessGate gate) {
        super(TYPE, gate);
        this.gate = gate;
    }

    /** Plain Java; see {@link SocketManager#create(ProcessGate, Duration)}. */
    public SocketManagerImpl(ProcessGate gate, Duration connectTimeout) {
        this(gate);
        this.connectTimeoutMillis = millis(connectTimeout);
    }

    @Activate
    public SocketManagerImpl(BundleContext context,
            @Reference ProcessGate gate, SocketsConfiguration config, Map<String, Object> properties) {
        this(gate);
        configure(config);
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    /**
     * Without this method SCR would deactivate the component on a configuration change, and
     * deactivation closes every socket of every pid. A new ranking reaches
     * the handler's registration through registration.update.
     */
    @Modified
    void modified(SocketsConfiguration config, Map<String, Object> properties) {
        configure(config);
        registration.update(properties);
    }

    private void configure(SocketsConfiguration config) {
        int timeout = config.connect_timeout_ms();
        if (timeout < 0) {
            LOG.warn("{}: ignoring connect.timeout.ms {}, it cannot be negative; keeping {} ms", TYPE, timeout,
                    connectTimeoutMillis);
        } else {
            connectTimeoutMillis = timeout;
        }
        // service.ranking is left to the orchestrator: read as an int here, bad text would fail the component
        LOG.debug("{}: connect timeout {} ms", TYPE, connectTimeoutMillis);
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        CleanupStats stats = shutdown();
        if (stats.resourcesFreed() > 0) {
            LOG.info("{}: stopped, closed {} sockets that processes still held", TYPE, stats.resourcesFreed());
        }
        stats.errors().forEach(error -> LOG.warn("{}: stopped, {}", TYPE, error));
    }

    @Override
    public Lease<ServerSocketChannel> listen(Pid pid, InetSocketAddress address) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        checkResolved(address, "listen on");
        return ledger().acquire(pid, () -> SocketOpener.listen(address));
    }

    @Override
    public Lease<SocketChannel> connect(Pid pid, InetSocketAddress remote) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(remote, "a remote address is required");
        checkResolved(remote, "connect to");
        int timeout = connectTimeoutMillis;
        return ledger().acquire(pid, () -> SocketOpener.connect(remote, timeout));
    }

    @Override
    public Lease<SocketChannel> accept(Pid pid, Lease<ServerSocketChannel> listener) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(listener, "a listener handle is required");
        ServerSocketChannel server = listener.resource(pid);
        if (!server.isBlocking()) {
            // a non-blocking accept returns no connection when none is pending: nothing to track
            throw new IllegalStateException(TYPE + ": the listener of pid " + pid
                    + " is in non-blocking mode; accept waits on blocking listeners only");
        }
        try {
            return ledger().acquire(pid, server::accept);
        } catch (ClosedChannelException e) {
            throw closedWhileAccepting(pid, e);
        }
    }

    @Override
    public Lease<DatagramChannel> udp(Pid pid, InetSocketAddress bind) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        checkResolved(bind, "bind a UDP socket to");
        return ledger().acquire(pid, () -> SocketOpener.udp(bind));
    }

    /** A UDP socket on a free loopback port: a real descriptor that reaches no other host. */
    @Override
    protected boolean sample(Pid pid) throws IOException {
        udp(pid, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return true;
    }

    @Override
    public InetSocketAddress localAddress(Pid pid, Lease<? extends NetworkChannel> handle) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(handle, "a socket handle is required");
        NetworkChannel channel = handle.resource(pid);
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (ClosedChannelException e) {
            throw new IllegalStateException(TYPE + " handle of pid " + pid
                    + " was closed on the channel itself; close it through the SocketManager", e);
        }
    }

    @Override
    public void close(Pid pid, Lease<? extends NetworkChannel> handle) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(handle, "a socket handle is required");
        try {
            ledger().release(pid, handle);
        } catch (ReleaseFailedException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    @Override
    protected void release(NetworkChannel channel) throws IOException {
        channel.close();
    }

    /**
     * Closing a TCP connection may block: with {@code SO_LINGER} set, the kernel holds the close
     * until the unsent data is out or the linger time is over. Closing a listener or a UDP socket
     * never waits, so a pid that holds only those is cleaned up without a thread hand-off.
     */
    @Override
    protected boolean cleanupMayBlock(Pid pid) {
        return ledger().holdsAny(pid, channel -> channel instanceof SocketChannel);
    }

    /**
     * Says why a waiting accept ended: usually the cleanup of its pid (or the manager stopping)
     * closed the listener under it.
     */
    private IOException closedWhileAccepting(Pid pid, ClosedChannelException e) {
        if (ledger().isClosed()) {
            throw (IllegalStateException) new IllegalStateException(
                    TYPE + " is stopped: no resources can be acquired for pid " + pid).initCause(e);
        }
        ProcessState state = gate.state(pid);
        if (state != ProcessState.RUNNING) {
            throw (ProcessNotRunningException) new ProcessNotRunningException(pid, state).initCause(e);
        }
        if (e instanceof ClosedByInterruptException) {
            return new IOException(TYPE + ": accept of pid " + pid + " was interrupted, which closes the listener", e);
        }
        return new IOException(TYPE + ": the listener of pid " + pid + " was closed while accept waited", e);
    }

    private static void checkResolved(InetSocketAddress address, String action) throws UnknownHostException {
        if (address != null && address.isUnresolved()) {
            throw new UnknownHostException("cannot " + action + " " + SocketOpener.where(address) + ": unknown host");
        }
    }

    private static int millis(Duration timeout) {
        Objects.requireNonNull(timeout, "a connect timeout is required");
        if (timeout.isNegative() || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("a connect timeout is between 0 and " + Integer.MAX_VALUE
                    + " ms, got " + timeout.toMillis() + " ms");
        }
        return (int) timeout.toMillis();
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends SocketManagerImpl implements CloseableSocketManager {

        public Embedded(ProcessGate gate, Duration connectTimeout) {
            super(gate, connectTimeout);
        }

        @Override
        public ResourceCleanup cleanupHandler() {
            return super.cleanupHandler();
        }

        @Override
        public CleanupStats shutdown() {
            return super.shutdown();
        }
    }
}
