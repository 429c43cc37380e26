package io.reclaim.sockets.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import io.reclaim.sockets.SocketManager;
import io.reclaim.testing.Configs;
import io.reclaim.testing.Descriptors;
import io.reclaim.sockets.CloseableSocketManager;
import io.reclaim.api.ledger.Handlers;

public class SocketManagerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(LOOPBACK, 0);
    private static final long WAIT_SECONDS = 10;

    private final LocalProcessGate gate = new LocalProcessGate();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private SocketManagerImpl sockets;

    @BeforeClass
    public static void warmUp() throws IOException {
        assumeTrue("counting open sockets needs /proc/self/fd", Descriptors.available());
        OpenSockets.warmUp();
    }

    @Before
    public void setUp() {
        sockets = new SocketManagerImpl(gate);
    }

    @After
    public void tearDown() throws InterruptedException {
        sockets.deactivate();
        background.shutdownNow();
        background.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    public void everySocketOfAProcessIsClosedByItsCleanup() throws IOException {
        Pid pid = gate.running(1);
        long before = Descriptors.sockets();

        List<Lease<? extends NetworkChannel>> leases = new ArrayList<>();
        List<Lease<ServerSocketChannel>> listeners = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            listeners.add(sockets.listen(pid, ANY_PORT));
            leases.add(sockets.udp(pid, ANY_PORT));
        }
        leases.addAll(listeners);
        InetSocketAddress listening = sockets.localAddress(pid, listeners.get(0));
        Lease<SocketChannel> client = sockets.connect(pid, listening);
        Lease<SocketChannel> server = sockets.accept(pid, listeners.get(0));
        leases.add(client);
        leases.add(server);
        SocketChannel clientChannel = client.resource(pid);
        assertEquals(before + 42, Descriptors.sockets());
        assertEquals(new ResourceUsage(42, 0), Handlers.of(sockets).usage(pid));

        CleanupStats stats = Handlers.of(sockets).cleanup(pid);

        assertEquals(CleanupStats.freed(42, 0), stats);
        assertEquals(before, Descriptors.sockets());
        assertFalse(Handlers.of(sockets).hasResources(pid));
        assertEquals(ResourceUsage.NONE, Handlers.of(sockets).usage(pid));
        assertFalse(clientChannel.isOpen());
        for (Lease<? extends NetworkChannel> lease : leases) {
            assertFalse(lease.isHeld());
        }
        // the port no longer listens
        assertThrows(ConnectException.class, () -> SocketChannel.open(listening).close());
    }

    @Test
    public void cleaningUpOneProcessLeavesTheSocketsOfAnotherOpenAndUsable() throws Exception {
        Pid a = gate.running(1);
        Pid b = gate.running(2);
        long before = Descriptors.sockets();
        Lease<ServerSocketChannel> listenerA = sockets.listen(a, ANY_PORT);
        sockets.connect(a, sockets.localAddress(a, listenerA));
        sockets.accept(a, listenerA);
        sockets.udp(a, ANY_PORT);
        Lease<ServerSocketChannel> listenerB = sockets.listen(b, ANY_PORT);
        Lease<SocketChannel> clientB = sockets.connect(b, sockets.localAddress(b, listenerB));
        Lease<SocketChannel> serverB = sockets.accept(b, listenerB);
        Lease<DatagramChannel> udpB = sockets.udp(b, ANY_PORT);
        Lease<DatagramChannel> peerB = sockets.udp(b, ANY_PORT);

        assertEquals(CleanupStats.freed(4, 0), Handlers.of(sockets).cleanup(a));

        assertEquals(before + 5, Descriptors.sockets());
        assertEquals(5, Handlers.of(sockets).usage(b).count());
        assertEquals("ping", exchange(clientB.resource(b), serverB.resource(b), "ping"));
        assertEquals("pong", exchange(serverB.resource(b), clientB.resource(b), "pong"));
        assertEquals("datagram", exchange(udpB.resource(b), peerB.resource(b), sockets.localAddress(b, peerB)));
        // the listener of b still accepts
        Lease<SocketChannel> another = sockets.connect(b, sockets.localAddress(b, listenerB));
        Lease<SocketChannel> anotherAccepted = sockets.accept(b, listenerB);
        assertEquals("again", exchange(another.resource(b), anotherAccepted.resource(b), "again"));
        assertEquals(7, Handlers.of(sockets).cleanup(b).resourcesFreed());
        assertEquals(before, Descriptors.sockets());
    }

    @Test
    public void anotherProcessCanNeitherUseNorCloseASocket() throws IOException {
        Pid owner = gate.running(1);
        Pid other = gate.running(2);
        Lease<ServerSocketChannel> listener = sockets.listen(owner, ANY_PORT);
        long open = Descriptors.sockets();

        WrongOwnerException close = assertThrows(WrongOwnerException.class, () -> sockets.close(other, listener));
        assertThrows(WrongOwnerException.class, () -> sockets.accept(other, listener));
        assertThrows(WrongOwnerException.class, () -> sockets.port(other, listener));
        assertThrows(WrongOwnerException.class, () -> listener.resource(other));

        assertEquals("sockets handle belongs to pid 1, not to pid 2", close.getMessage());
        assertEquals(open, Descriptors.sockets());
        assertFalse(Handlers.of(sockets).hasResources(other));
        assertTrue(listener.isHeld());
        assertTrue(listener.resource(owner).isOpen());
        assertNotEquals(0, sockets.port(owner, listener));
    }

    @Test
    public void closingASocketTwiceIsRefused() throws IOException {
        Pid pid = gate.running(1);
        long before = Descriptors.sockets();
        Lease<DatagramChannel> udp = sockets.udp(pid, ANY_PORT);

        sockets.close(pid, udp);
        assertEquals(before, Descriptors.sockets());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> sockets.close(pid, udp));

        assertEquals("sockets handle of pid 1 is already released", again.getMessage());
        assertThrows(IllegalStateException.class, () -> sockets.port(pid, udp));
        assertEquals(before, Descriptors.sockets());
        assertFalse(Handlers.of(sockets).hasResources(pid));
    }

    @Test
    public void aProcessThatIsNotRunningOpensNoSocket() throws IOException {
        Pid holder = gate.running(9);
        Lease<ServerSocketChannel> listener = sockets.listen(holder, ANY_PORT);
        InetSocketAddress listening = sockets.localAddress(holder, listener);
        Pid terminated = gate.running(2);
        gate.set(terminated, ProcessState.TERMINATED);
        Pid unknown = Pid.of(3);
        long before = Descriptors.sockets();

        for (Pid pid : List.of(terminated, unknown)) {
            assertThrows(ProcessNotRunningException.class, () -> sockets.listen(pid, ANY_PORT));
            assertThrows(ProcessNotRunningException.class, () -> sockets.connect(pid, listening));
            assertThrows(ProcessNotRunningException.class, () -> sockets.udp(pid, ANY_PORT));
            assertFalse(Handlers.of(sockets).hasResources(pid));
        }
        // a terminating process may not accept on the listener it still holds: refused, not waiting
        gate.terminating(holder);
        ProcessNotRunningException accept = assertThrows(ProcessNotRunningException.class,
                () -> sockets.accept(holder, listener));

        assertEquals("pid 9 is TERMINATING: it can acquire no resources", accept.getMessage());
        assertEquals(before, Descriptors.sockets());
        assertEquals(1, Handlers.of(sockets).usage(holder).count());
    }

    @Test
    public void anAcceptedConnectionBelongsToTheListenersProcess() throws Exception {
        Pid server = gate.running(1);
        Pid client = gate.running(2);
        Lease<ServerSocketChannel> listener = sockets.listen(server, ANY_PORT);

        Future<Lease<SocketChannel>> accepting = background.submit(() -> sockets.accept(server, listener));
        Lease<SocketChannel> outgoing = sockets.connect(client, sockets.localAddress(server, listener));
        Lease<SocketChannel> accepted = accepting.get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals(server, accepted.owner());
        assertEquals(2, Handlers.of(sockets).usage(server).count());
        assertEquals(1, Handlers.of(sockets).usage(client).count());
        assertThrows(WrongOwnerException.class, () -> accepted.resource(client));
        assertEquals("hello", exchange(outgoing.resource(client), accepted.resource(server), "hello"));
    }

    @Test
    public void onlyAProcessHoldingATcpConnectionMayBlockInItsCleanup() throws Exception {
        Pid server = gate.running(1);
        Pid client = gate.running(2);
        Lease<ServerSocketChannel> listener = sockets.listen(server, ANY_PORT);
        sockets.udp(server, ANY_PORT);
        assertFalse("listeners and UDP sockets close without waiting", Handlers.of(sockets).cleanupMayBlock(server));

        Future<Lease<SocketChannel>> accepting = background.submit(() -> sockets.accept(server, listener));
        sockets.connect(client, sockets.localAddress(server, listener));
        accepting.get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertTrue("a connection may linger on close", Handlers.of(sockets).cleanupMayBlock(server));
        assertTrue(Handlers.of(sockets).cleanupMayBlock(client));
        assertFalse(Handlers.of(sockets).cleanupMayBlock(gate.running(3)));
    }

    @Test
    public void aCleanupEndsAnAcceptThatIsWaiting() throws Exception {
        Pid pid = gate.running(1);
        Lease<ServerSocketChannel> listener = sockets.listen(pid, ANY_PORT);
        long before = Descriptors.sockets() - 1;
        Thread[] acceptor = new Thread[1];
        Future<Lease<SocketChannel>> accepting = background.submit(() -> {
            acceptor[0] = Thread.currentThread();
            return sockets.accept(pid, listener);
        });
        awaitBlockedInAccept(acceptor);

        gate.terminating(pid);
        assertEquals(CleanupStats.freed(1, 0), Handlers.of(sockets).cleanup(pid));

        ExecutionException ended = assertThrows(ExecutionException.class,
                () -> accepting.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(ProcessNotRunningException.class, ended.getCause().getClass());
        assertTrue(ended.getCause().getCause() instanceof ClosedChannelException);
        assertFalse(Handlers.of(sockets).hasResources(pid));
        assertEquals(before, Descriptors.sockets());
    }

    @Test
    public void aPortInUseIsReportedWithItsAddressAndLeavesNothingOpen() throws IOException {
        Pid pid = gate.running(1);
        Lease<ServerSocketChannel> taken = sockets.listen(pid, ANY_PORT);
        int port = sockets.port(pid, taken);
        long before = Descriptors.sockets();

        InetSocketAddress inUse = new InetSocketAddress("127.0.0.1", port);
        BindException e = assertThrows(BindException.class, () -> sockets.listen(pid, inUse));

        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + ": "));
        assertEquals(before, Descriptors.sockets());
        assertEquals(1, Handlers.of(sockets).usage(pid).count());
    }

    @Test
    public void aRefusedConnectionIsReportedWithItsAddressAndLeavesNothingOpen() throws IOException {
        Pid pid = gate.running(1);
        InetSocketAddress closed;
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(ANY_PORT)) {
            closed = (InetSocketAddress) probe.getLocalAddress();
        }
        long before = Descriptors.sockets();

        ConnectException e = assertThrows(ConnectException.class, () -> sockets.connect(pid, closed));

        assertEquals("cannot connect to 127.0.0.1:" + closed.getPort() + ": Connection refused", e.getMessage());
        assertEquals(before, Descriptors.sockets());
        assertFalse(Handlers.of(sockets).hasResources(pid));
    }

    @Test
    public void anUnknownHostOpensNothing() {
        Pid pid = gate.running(1);
        InetSocketAddress nowhere = InetSocketAddress.createUnresolved("no-such-host.invalid", 80);
        long before = Descriptors.sockets();

        UnknownHostException e = assertThrows(UnknownHostException.class, () -> sockets.connect(pid, nowhere));

        assertEquals("cannot connect to no-such-host.invalid:80: unknown host", e.getMessage());
        assertEquals(before, Descriptors.sockets());
        assertFalse(Handlers.of(sockets).hasResources(pid));
    }

    @Test
    public void stoppingTheManagerClosesTheSocketsOfEveryProcessAndRefusesNewOnes() throws IOException {
        Pid a = gate.running(1);
        Pid b = gate.running(2);
        long before = Descriptors.sockets();
        Lease<ServerSocketChannel> listener = sockets.listen(a, ANY_PORT);
        sockets.connect(b, sockets.localAddress(a, listener));
        sockets.accept(a, listener);
        sockets.udp(b, ANY_PORT);
        assertEquals(before + 4, Descriptors.sockets());

        sockets.deactivate();

        assertEquals(before, Descriptors.sockets());
        assertFalse(Handlers.of(sockets).hasResources(a));
        assertFalse(Handlers.of(sockets).hasResources(b));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> sockets.udp(a, ANY_PORT));
        assertEquals("sockets is stopped: no resources can be acquired for pid 1", refused.getMessage());
        assertEquals(before, Descriptors.sockets());
    }

    @Test
    public void aConfigurationChangeKeepsEverySocketOpen() throws IOException {
        SocketManagerImpl configured = new SocketManagerImpl(null, gate, Configs.of(SocketsConfiguration.class, Map.of()), Map.of());
        Pid pid = gate.running(1);
        Lease<ServerSocketChannel> listener = configured.listen(pid, ANY_PORT);
        configured.connect(pid, configured.localAddress(pid, listener));
        long open = Descriptors.sockets();

        configured.modified(Configs.of(SocketsConfiguration.class,
                Map.of("service_ranking", 42, "connect_timeout_ms", -1)), Map.of());

        assertEquals(open, Descriptors.sockets());
        assertEquals(2, Handlers.of(configured).usage(pid).count());
        assertTrue(listener.resource(pid).isOpen());
        Lease<SocketChannel> after = configured.connect(pid, configured.localAddress(pid, listener));
        assertTrue(after.resource(pid).isConnected());
        configured.deactivate();
    }

    @Test
    public void thePlainJavaFactoryMakesAWorkingManager() throws IOException {
        CloseableSocketManager plain = SocketManager.create(gate);
        Pid pid = gate.running(1);
        long before = Descriptors.sockets();
        Lease<ServerSocketChannel> listener = plain.listen(pid, null);
        plain.udp(pid, null);

        assertEquals("sockets", plain.cleanupHandler().resourceType());
        assertNotEquals(0, plain.port(pid, listener));
        assertEquals(CleanupStats.freed(2, 0), plain.shutdown());
        assertEquals(before, Descriptors.sockets());
        assertThrows(IllegalArgumentException.class,
                () -> SocketManager.create(gate, java.time.Duration.ofSeconds(-1)));
    }

    /** Sends {@code text} over a connected pair and returns what arrived. */
    private static String exchange(SocketChannel from, SocketChannel to, String text) throws IOException {
        from.write(ByteBuffer.wrap(text.getBytes(UTF_8)));
        to.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        byte[] received = new byte[text.length()];
        int read = 0;
        while (read < received.length) {
            int n = to.socket().getInputStream().read(received, read, received.length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return new String(received, 0, read, UTF_8);
    }

    /** Sends a datagram to {@code address}, where {@code to} is bound, and returns what arrived. */
    private static String exchange(DatagramChannel from, DatagramChannel to, InetSocketAddress address)
            throws IOException {
        from.send(ByteBuffer.wrap("datagram".getBytes(UTF_8)), address);
        to.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        DatagramPacket packet = new DatagramPacket(new byte[64], 64);
        to.socket().receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), UTF_8);
    }

    /** Waits, bounded, until the thread sits in the JDK's accept, so the cleanup really interrupts it. */
    private static void awaitBlockedInAccept(Thread[] acceptor) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (acceptor[0] == null || Arrays.stream(acceptor[0].getStackTrace())
                .noneMatch(frame -> frame.getMethodName().startsWith("accept")
                        && frame.getClassName().startsWith("sun.nio.ch"))) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("accept never started waiting");
            }
            Thread.sleep(1);
        }
    }
}
